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
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One memcached client connection, on its event loop, shaped like {@link ClientConnection}
 * without the RESP session machinery: input is copied once into a heap query buffer, every
 * complete request is run in turn (pipelining) and the replies of one read are flushed once.
 * A client that does not read its replies stops the connection from reading and executing
 * until the socket drains. A partial request waits for more bytes within the decoder's line
 * and item size limits; a line that never ends closes the connection, as memcached does.
 */
final class MemcachedConnection extends ChannelInboundHandlerAdapter {

	private static final System.Logger LOG = System.getLogger(MemcachedConnection.class.getName());

	private static final int FLUSH_THRESHOLD = 64 * 1024;

	private final ServerContext server;

	private final McExecutor executor;

	private final McStats stats;

	private final McDecoder decoder = new McDecoder();

	private final McRequest request = new McRequest();

	private final McWriter writer = new McWriter();

	private ChannelHandlerContext ctx;

	private ByteBuf queryBuffer;

	private ByteBuf out;

	private boolean counted;

	private boolean closing;

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
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf in = (ByteBuf) msg;
		try {
			if (this.closing) {
				return;
			}
			int n = in.readableBytes();
			this.stats.read(n);
			if (this.queryBuffer == null) {
				this.queryBuffer = UnpooledByteBufAllocator.DEFAULT.heapBuffer(Math.max(n, 1024));
			}
			this.queryBuffer.writeBytes(in);
		}
		finally {
			in.release();
		}
		process();
	}

	/** Runs every complete request in the query buffer. */
	private void process() {
		ByteBuf buf = this.queryBuffer;
		int maxItemSize = (int) Math.min(Integer.MAX_VALUE - 2,
				this.server.config().getLong("memcached-max-item-size"));
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
			McExecutor.Next next = this.executor.execute(this.request, writerFor());
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
		releaseConsumedInput();
	}

	private McWriter writerFor() {
		if (this.out == null) {
			this.out = this.ctx.alloc().ioBuffer(256);
			this.writer.target(this.out);
		}
		return this.writer;
	}

	private void releaseConsumedInput() {
		ByteBuf buf = this.queryBuffer;
		if (buf == null) {
			return;
		}
		if (!buf.isReadable()) {
			if (buf.capacity() > 64 * 1024) {
				// a large value has been stored: give its memory back
				buf.release();
				this.queryBuffer = null;
			}
			else {
				buf.clear();
			}
		}
		else {
			buf.discardSomeReadBytes();
		}
	}

	private ChannelFuture flush() {
		ByteBuf o = this.out;
		if (o == null || !o.isReadable()) {
			return this.ctx.newSucceededFuture();
		}
		this.out = null;
		this.stats.written(o.readableBytes());
		return this.ctx.writeAndFlush(o);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		flush();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (ctx.channel().isWritable() && !this.closing) {
			process();
			flush();
			ctx.channel().config().setAutoRead(true);
		}
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
		if (this.queryBuffer != null) {
			this.queryBuffer.release();
			this.queryBuffer = null;
		}
		if (this.out != null) {
			this.out.release();
			this.out = null;
		}
		ctx.fireChannelInactive();
	}

}
