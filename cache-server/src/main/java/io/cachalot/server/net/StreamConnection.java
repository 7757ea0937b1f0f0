package io.cachalot.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The byte handling both protocols' connections share, on the connection's event loop.
 *
 * <p><b>Input.</b> Each read is copied once into the connection's heap query buffer (array
 * access is the fast path for the decoders and the key hash whether or not Netty may use
 * {@code sun.misc.Unsafe}, which it may not by default on Java 25) and the socket's direct
 * buffer goes straight back to the pool; then {@link #process} runs what is complete.
 *
 * <p><b>Output.</b> Replies go into one output buffer that is flushed once when the read
 * batch is done (or earlier, as the subclass decides). When the socket cannot take more (a
 * slow reader), the subclass stops reading and executing; once the socket drains, processing
 * resumes and reading is switched back on, so a client that does not read its replies cannot
 * grow server memory.
 */
abstract class StreamConnection extends ChannelInboundHandlerAdapter {

	ChannelHandlerContext ctx;

	ByteBuf queryBuffer;

	ByteBuf out;

	boolean closing;

	/** Counts bytes read from the client. */
	abstract void countInput(long bytes);

	/** Counts bytes flushed to the client. */
	abstract void countOutput(long bytes);

	/** Runs every complete request of the query buffer, as far as the socket lets it. */
	abstract void process();

	/** A new output buffer was started: point the reply writer at it. */
	abstract void outputStarted(ByteBuf output);

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ByteBuf in = (ByteBuf) msg;
		try {
			if (this.closing) {
				return;
			}
			int n = in.readableBytes();
			countInput(n);
			if (this.queryBuffer == null) {
				// unpooled: a pool's heap arenas would pin megabytes of chunks for a few small buffers
				this.queryBuffer = UnpooledByteBufAllocator.DEFAULT.heapBuffer(Math.max(n, 1024));
			}
			this.queryBuffer.writeBytes(in);
		}
		finally {
			in.release();
		}
		process();
	}

	/** The output buffer, started with {@code initialCapacity} when there is none. */
	final ByteBuf output(int initialCapacity) {
		if (this.out == null) {
			this.out = this.ctx.alloc().ioBuffer(initialCapacity);
			outputStarted(this.out);
		}
		return this.out;
	}

	/** Writes and flushes what the output buffer holds. */
	final ChannelFuture flush() {
		ByteBuf o = this.out;
		if (o == null || !o.isReadable()) {
			return this.ctx.newSucceededFuture();
		}
		this.out = null;
		countOutput(o.readableBytes());
		return this.ctx.writeAndFlush(o);
	}

	/**
	 * Drops the bytes of served requests from the query buffer, and the buffer itself after a
	 * large request; nothing while {@code frameInProgress} (a request still refers to them).
	 */
	final void releaseConsumedInput(boolean frameInProgress) {
		ByteBuf buf = this.queryBuffer;
		if (buf == null || frameInProgress) {
			return;
		}
		if (!buf.isReadable()) {
			if (buf.capacity() > 64 * 1024) {
				// a large request has been served: give its memory back
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

	/** Frees both buffers (the connection is gone). */
	final void releaseBuffers() {
		if (this.queryBuffer != null) {
			this.queryBuffer.release();
			this.queryBuffer = null;
		}
		if (this.out != null) {
			this.out.release();
			this.out = null;
		}
	}

}
