package io.cachalot.server.net;

import java.nio.charset.StandardCharsets;

import io.cachalot.server.ServerContext;
import io.cachalot.server.memcached.McExecutor;
import io.cachalot.server.memcached.McStats;
import io.cachalot.server.protocol.memcached.McDecoder;
import io.cachalot.server.protocol.memcached.McProtocolException;
import io.cachalot.server.protocol.memcached.McRequest;
import io.cachalot.server.protocol.memcached.McWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * One memcached client connection: {@link StreamConnection}'s buffering without the RESP
 * session machinery. Every complete request is run in turn (pipelining) and the replies of
 * one read are flushed once. A partial request waits for more bytes within the decoder's
 * line and item size limits; a line that never ends closes the connection, as memcached does.
 */
final class MemcachedConnection extends StreamConnection {

	private static final System.Logger LOG = System.getLogger(MemcachedConnection.class.getName());

	private static final int FLUSH_THRESHOLD = 64 * 1024;

	private final ServerContext server;

	private final McExecutor executor;

	private final McStats stats;

	private final McDecoder decoder = new McDecoder();

	private final McRequest request = new McRequest();

	private final McWriter writer = new McWriter();

	private boolean counted;

	MemcachedConnection(ServerContext server, McExecutor executor, McStats stats) {
		this.server = server;
		this.executor = executor;
		this.stats = stats;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		if (this.stats.currentConnections() >= this.server.maxClients()) {
			this.stats.rejected();
			this.closing = true;
			ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
					"ERROR Too many open connections\r\n".getBytes(StandardCharsets.US_ASCII)))
				.addListener(ChannelFutureListener.CLOSE);
			return;
		}
		this.counted = true;
		this.stats.connection(true);
		ctx.fireChannelActive();
	}

	@Override
	void countInput(long bytes) {
		this.stats.read(bytes);
	}

	@Override
	void countOutput(long bytes) {
		this.stats.written(bytes);
	}

	@Override
	void outputStarted(ByteBuf output) {
		this.writer.target(output);
	}

	@Override
	void process() {
		ByteBuf buf = this.queryBuffer;
		int maxItemSize = (int) Math.min(Integer.MAX_VALUE - 2, this.server.config().getLong("memcached-max-item-size"));
		while (buf != null && buf.isReadable() && !this.closing) {
			if (!this.ctx.channel().isWritable()) {
				this.ctx.channel().config().setAutoRead(false);
				break;
			}
			int size;
			try {
				size = this.decoder.decode(buf, this.request, maxItemSize);
			}
			catch (McProtocolException ex) {
				LOG.log(System.Logger.Level.DEBUG, "Closing memcached client: " + ex.getMessage());
				this.closing = true;
				flush().addListener(ChannelFutureListener.CLOSE);
				return;
			}
			if (size == 0) {
				break;
			}
			output(256);
			McExecutor.Next next = this.executor.execute(this.request, this.writer);
			buf.skipBytes(size);
			if (next == McExecutor.Next.CLOSE) {
				this.closing = true;
				flush().addListener(ChannelFutureListener.CLOSE);
				break;
			}
			if (this.out != null && this.out.readableBytes() >= FLUSH_THRESHOLD) {
				flush();
			}
		}
		releaseConsumedInput(false);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		LOG.log(System.Logger.Level.DEBUG, "memcached connection failed", cause);
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.closing = true;
		if (this.counted) {
			this.counted = false;
			this.stats.connection(false);
		}
		releaseBuffers();
		ctx.fireChannelInactive();
	}

}
