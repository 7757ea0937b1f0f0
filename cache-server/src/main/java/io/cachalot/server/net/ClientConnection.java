package io.cachalot.server.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.Dispatcher;
import io.cachalot.server.command.Session;
import io.cachalot.server.command.blocking.BlockingRegistry;
import io.cachalot.server.command.introspection.MonitorFeed;
import io.cachalot.server.command.tracking.InvalidationTarget;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.pubsub.OutputBufferLimits;
import io.cachalot.server.pubsub.PubSubRegistry;
import io.cachalot.server.pubsub.Subscriptions;
import io.cachalot.server.protocol.resp.ProtocolException;
import io.cachalot.server.protocol.resp.RespDecoder;
import io.cachalot.server.protocol.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * One client connection: the Netty handler that turns inbound bytes into commands and
 * replies into outbound bytes, on the connection's event-loop thread.
 *
 * <p><b>Input.</b> Reads land in the query buffer ({@link StreamConnection}). Every complete
 * frame is decoded in place and executed before the next is looked at (pipelining). An incomplete
 * frame waits for more bytes; its size is bounded by {@code client-query-buffer-limit}, and
 * a malformed frame gets Redis's protocol error and the connection is closed.
 *
 * <p><b>Output.</b> Replies of one read batch go into one buffer that is flushed once when
 * the batch is done (or earlier when it grows past {@link #FLUSH_THRESHOLD}). When the socket
 * cannot take more (a slow reader), the connection stops reading and executing until it
 * drains, so a client that does not read its replies cannot grow server memory.
 *
 * <p><b>Pub/sub.</b> Messages from other clients arrive through {@link #deliver} (and
 * invalidations and MONITOR lines likewise) on any thread, queue, and are written on this
 * connection's event loop before its next command runs or by one drain task (as RESP3 push
 * frames, or RESP2 arrays), coalesced into one flush. Bytes queued or unsent count
 * against {@code client-output-buffer-limit pubsub}: past the hard limit, or above the soft
 * limit for its seconds, the subscriber is disconnected, as Redis does.
 */
final class ClientConnection extends StreamConnection
		implements Session.Transport, BlockingRegistry.BlockedConnection, PubSubRegistry.Subscriber, InvalidationTarget,
		MonitorFeed.Monitor {

	private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

	private static final int FLUSH_THRESHOLD = 64 * 1024;

	private final ServerContext server;

	private final Dispatcher dispatcher;

	private final RespDecoder decoder;

	private final RespWriter writer = new RespWriter();

	private final CommandArgs args = new CommandArgs();

	private Session session;

	private CommandContext commandContext;

	private Channel channel;

	private boolean waitingForPause;

	/** A blocking command waits for data; its frame stays at the head of the query buffer. */
	private boolean blocked;

	private CommandContext.BlockRequest blockRequest;

	private int blockedFrameSize;

	private ScheduledFuture<?> blockTimeout;

	/** A script runs for this client's last command; its next commands wait for the reply. */
	private boolean detached;

	/** Message bytes handed over by publishers and not yet written into the output buffer. */
	private final AtomicLong pendingMessageBytes = new AtomicLong();

	/**
	 * Messages for this client from other connections (pub/sub, invalidations, MONITOR lines),
	 * written before this client's next reply — so a message published before this client sent
	 * a command arrives before that command's reply, as from Redis — or by a drain task.
	 */
	private final ConcurrentLinkedQueue<Object> pushes = new ConcurrentLinkedQueue<>();

	/** This connection's own command is running (its reply may be half written). */
	private boolean executing;

	/** A flush of messages written on this loop is scheduled (event-loop thread only). */
	private boolean flushScheduled;

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	/** When the output first went above the soft pub/sub limit (0: it is below). */
	private long overSoftLimitSince;

	ClientConnection(ServerContext server, Dispatcher dispatcher) {
		this.server = server;
		this.dispatcher = dispatcher;
		this.decoder = new RespDecoder(server.maxBulkLength());
	}

	Session session() {
		return this.session;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		this.channel = ctx.channel();
		this.server.stats().connectionsReceived.increment();
		if (this.server.clients().count() >= this.server.maxClients()) {
			this.server.stats().rejectedConnections.increment();
			ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
					"-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII)))
				.addListener(ChannelFutureListener.CLOSE);
			this.closing = true;
			return;
		}
		boolean open = this.server.requirePass().isEmpty();
		this.session = new Session(this.server.clients().nextId(), this, open);
		this.decoder.authenticated(open);
		this.session.subscriptions(new Subscriptions(this.server.pubsub(), this));
		this.session.invalidationTarget(this);
		this.session.monitorTarget(this);
		this.commandContext = new CommandContext(this.server, this.session, this.dispatcher);
		this.server.clients().add(this.session);
		ctx.fireChannelActive();
	}

	@Override
	void countInput(long bytes) {
		this.server.stats().netInputBytes.add(bytes);
	}

	@Override
	void countOutput(long bytes) {
		this.server.stats().netOutputBytes.add(bytes);
	}

	@Override
	void outputStarted(ByteBuf output) {
		this.writer.target(output);
	}

	/** Executes every complete command in the query buffer. */
	@Override
	void process() {
		drainPushes();
		ByteBuf buf = this.queryBuffer;
		while (buf != null && buf.isReadable() && !this.closing && !this.waitingForPause && !this.blocked
				&& !this.detached) {
			if (!this.channel.isWritable()) {
				this.channel.config().setAutoRead(false);
				break;
			}
			int size;
			try {
				this.decoder.maxBulkLength(this.server.maxBulkLength());
				size = this.decoder.decode(buf, this.args);
			}
			catch (ProtocolException ex) {
				protocolError(ex.getMessage());
				return;
			}
			if (size == 0) {
				if (buf.readableBytes() > this.server.queryBufferLimit()) {
					LOG.log(System.Logger.Level.WARNING,
							"Closing client that reached max query buffer length: " + remoteAddress());
					close();
				}
				break;
			}
			if (size < 0) {
				buf.skipBytes(-size);
				continue;
			}
			this.commandContext.wokenFromBlock(this.blockRequest != null);
			this.executing = true;
			long delay;
			RespWriter w = writerFor();
			int replyStart = this.out.writerIndex();
			try {
				delay = this.dispatcher.execute(this.commandContext, this.args, w);
			}
			finally {
				this.executing = false;
			}
			if (delay == Dispatcher.BLOCKED) {
				startOrKeepBlocking(this.commandContext.takeBlock(), size);
				break;
			}
			if (delay == Dispatcher.DETACHED) {
				buf.skipBytes(size);
				awaitDetachedReply(this.commandContext.takeDetached());
				break;
			}
			if (delay > 0) {
				this.waitingForPause = true;
				this.channel.eventLoop().schedule(this::resumeAfterPause, delay, TimeUnit.MILLISECONDS);
				break;
			}
			if (this.blockRequest != null) {
				endBlocking();
			}
			commandFinished(replyStart);
			buf.skipBytes(size);
			this.decoder.authenticated(this.session.authenticated());
			if (this.session.closingAfterReply()) {
				this.closing = true;
				flush().addListener(ChannelFutureListener.CLOSE);
				break;
			}
			if (this.out != null && this.out.readableBytes() >= FLUSH_THRESHOLD) {
				flush();
			}
		}
		releaseConsumedInput(this.decoder.inFrame());
	}

	/**
	 * The command whose reply starts at {@code replyStart} in the output buffer is done: under
	 * CLIENT REPLY OFF or SKIP its reply is taken back out.
	 */
	private void commandFinished(int replyStart) {
		if (this.session.repliesSuppressed() && this.out != null && this.out.writerIndex() >= replyStart) {
			this.out.writerIndex(replyStart);
		}
		this.session.commandFinished();
	}

	/** Writes a script's reply when it is ready, on this event loop, then goes on with the input. */
	private void awaitDetachedReply(java.util.concurrent.CompletableFuture<java.util.function.Consumer<io.cachalot.server.protocol.resp.Reply>> reply) {
		this.detached = true;
		reply.whenComplete((writer, error) -> this.channel.eventLoop().execute(() -> {
			this.detached = false;
			if (this.closing) {
				return;
			}
			RespWriter w = writerFor();
			int replyStart = this.out.writerIndex();
			if (error != null) {
				LOG.log(System.Logger.Level.WARNING, "script failed", error);
				w.error("ERR " + error);
			}
			else {
				writer.accept(w);
			}
			commandFinished(replyStart);
			process();
			flush();
		}));
	}

	private void startOrKeepBlocking(CommandContext.BlockRequest request, int frameSize) {
		this.blocked = true;
		this.blockedFrameSize = frameSize;
		if (this.blockRequest == null) {
			this.blockRequest = request;
			this.server.blocking().block(this.session, this, this.session.db(), request.keys());
			if (request.timeoutMillis() > 0) {
				this.blockTimeout = this.channel.eventLoop()
					.schedule(() -> finishBlocked(false), request.timeoutMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private void endBlocking() {
		this.blockRequest = null;
		this.session.blockState(null);
		if (this.blockTimeout != null) {
			this.blockTimeout.cancel(false);
			this.blockTimeout = null;
		}
		this.server.blocking().release(this.session);
	}

	@Override
	public void wake() {
		this.channel.eventLoop().execute(() -> {
			if (this.blocked && !this.closing) {
				this.blocked = false;
				process();
				flush();
			}
		});
	}

	@Override
	public void unblock(boolean withError) {
		this.channel.eventLoop().execute(() -> finishBlocked(withError));
	}

	/** Ends a block with the command's timeout reply (or CLIENT UNBLOCK's error) and goes on. */
	private void finishBlocked(boolean withError) {
		if (this.blockRequest == null || this.closing) {
			return;
		}
		RespWriter w = writerFor();
		int replyStart = this.out.writerIndex();
		if (withError) {
			w.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
		}
		else {
			this.blockRequest.timeoutReply().accept(w);
		}
		endBlocking();
		commandFinished(replyStart);
		this.queryBuffer.skipBytes(this.blockedFrameSize);
		this.blocked = false;
		process();
		flush();
	}

	private void resumeAfterPause() {
		this.waitingForPause = false;
		process();
		flush();
	}

	private RespWriter writerFor() {
		output(256);
		this.writer.protocol(this.session.protocol());
		return this.writer;
	}

	private void protocolError(String message) {
		this.server.stats().error("ERR " + message);
		writerFor().error("ERR " + message);
		this.closing = true;
		flush().addListener(ChannelFutureListener.CLOSE);
	}


	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.closing = true;
		if (this.session != null) {
			this.server.clients().remove(this.session);
			this.session.subscriptions().clear();
			this.server.watches().discard(this.session.transaction());
			this.server.tracking().closed(this.session);
			this.server.monitors().remove(this);
			if (this.blockRequest != null) {
				endBlocking();
			}
		}
		releaseBuffers();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// a peer resetting the socket is routine; anything else is a server bug worth seeing
		LOG.log(cause instanceof java.io.IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
				"connection error", cause);
		ctx.close();
	}

	// ---- PubSubRegistry.Subscriber ---------------------------------------------------------

	@Override
	public void deliver(PubSubRegistry.Message message) {
		if (this.closing) {
			return;
		}
		OutputBufferLimits.Limit limit = this.server.outputBufferLimits().pubsub();
		if (!this.executing && this.channel.eventLoop().inEventLoop() && this.pushes.isEmpty()) {
			// the publisher runs on this connection's loop: write now (nothing queued can be
			// older; this client is not halfway through a reply of its own) and flush once
			// when this loop iteration's work is done, as Redis does
			ByteBuf o = outputBuffer();
			if (limit.hardBytes() > 0 && o.readableBytes() + message.size() + outputBufferLength() > limit.hardBytes()) {
				closeOverOutputLimit();
				return;
			}
			o.writeBytes(message.frame(this.session.protocol()));
			scheduleFlush();
			return;
		}
		long pending = this.pendingMessageBytes.addAndGet(message.size());
		if (limit.hardBytes() > 0 && pending + outputBufferLength() > limit.hardBytes()) {
			closeOverOutputLimit();
			return;
		}
		enqueuePush(message);
	}

	private ByteBuf outputBuffer() {
		// messages come in bursts: start with room for a few dozen
		return output(8192);
	}

	/** Connections of this event loop with messages written and not yet flushed. */
	private static final io.netty.util.concurrent.FastThreadLocal<java.util.ArrayList<ClientConnection>> UNFLUSHED =
			new io.netty.util.concurrent.FastThreadLocal<>() {
				@Override
				protected java.util.ArrayList<ClientConnection> initialValue() {
					return new java.util.ArrayList<>();
				}
			};

	/**
	 * Flushes what was written for other clients once the loop has run its current work: one
	 * task per loop iteration flushes every such connection (a fan-out to 50 subscribers is
	 * 50 writes, not 50 tasks).
	 */
	private void scheduleFlush() {
		if (this.flushScheduled) {
			return;
		}
		this.flushScheduled = true;
		java.util.ArrayList<ClientConnection> unflushed = UNFLUSHED.get();
		if (unflushed.isEmpty()) {
			this.channel.eventLoop().execute(ClientConnection::flushUnflushed);
		}
		unflushed.add(this);
	}

	private static void flushUnflushed() {
		java.util.ArrayList<ClientConnection> unflushed = UNFLUSHED.get();
		ClientConnection[] batch = unflushed.toArray(new ClientConnection[0]);
		unflushed.clear();
		for (ClientConnection c : batch) {
			c.flushScheduled = false;
			if (!c.closing) {
				c.flush();
				c.checkSoftOutputLimit();
			}
		}
	}

	/** Queues a message, invalidation or MONITOR line from another thread; one drain task writes them all. */
	private void enqueuePush(Object push) {
		if (this.closing) {
			return;
		}
		this.pushes.add(push);
		if (this.drainScheduled.compareAndSet(false, true)) {
			this.channel.eventLoop().execute(() -> {
				this.drainScheduled.set(false);
				drainPushes();
				if (!this.closing) {
					flush();
					checkSoftOutputLimit();
				}
			});
		}
	}

	private void drainPushes() {
		Object push;
		while ((push = this.pushes.poll()) != null) {
			if (this.closing) {
				continue;
			}
			if (push instanceof PubSubRegistry.Message message) {
				this.pendingMessageBytes.addAndGet(-message.size());
				outputBuffer().writeBytes(message.frame(this.session.protocol()));
			}
			else {
				((Runnable) push).run();
			}
		}
	}

	private void checkSoftOutputLimit() {
		OutputBufferLimits.Limit limit = this.server.outputBufferLimits().pubsub();
		long used = outputBufferLength() + this.pendingMessageBytes.get();
		if (limit.hardBytes() > 0 && used > limit.hardBytes()) {
			closeOverOutputLimit();
			return;
		}
		if (limit.softBytes() == 0 || used <= limit.softBytes()) {
			this.overSoftLimitSince = 0;
			return;
		}
		long now = System.currentTimeMillis();
		if (this.overSoftLimitSince == 0) {
			this.overSoftLimitSince = now;
		}
		else if (now - this.overSoftLimitSince >= limit.softSeconds() * 1000) {
			closeOverOutputLimit();
		}
	}

	private void closeOverOutputLimit() {
		this.channel.eventLoop().execute(() -> {
			if (!this.closing) {
				LOG.log(System.Logger.Level.WARNING, "Client " + remoteAddress()
						+ " closed for overcoming of output buffer limits (pubsub).");
				this.closing = true;
				this.channel.close();
			}
		});
	}

	// ---- MonitorFeed.Monitor -----------------------------------------------------------------

	@Override
	public void monitorLine(String line) {
		enqueuePush((Runnable) () -> writerFor().simple(line));
	}

	// ---- InvalidationTarget ------------------------------------------------------------------

	private static final byte[] INVALIDATE_CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);

	@Override
	public void invalidate(byte[][] keys) {
		enqueuePush((Runnable) () -> writeInvalidation(keys));
	}

	/**
	 * RESP3: an {@code invalidate} push. RESP2 (a redirect target): a message on
	 * {@code __redis__:invalidate} whose payload is the key array, written only if the client is
	 * in pub/sub mode, as Redis does.
	 */
	private void writeInvalidation(byte[][] keys) {
		boolean resp3 = this.session.protocol() == 3;
		if (!resp3 && !this.session.subscriptions().active()) {
			return;
		}
		RespWriter w = writerFor();
		if (resp3) {
			w.push(2);
			w.bulk("invalidate");
		}
		else {
			w.array(3);
			w.bulk("message");
			w.bulk(INVALIDATE_CHANNEL);
		}
		if (keys == null) {
			w.nullArray();
		}
		else {
			w.array(keys.length);
			for (byte[] k : keys) {
				w.bulk(k);
			}
		}
	}

	@Override
	public void redirectBroken(long targetId) {
		enqueuePush((Runnable) () -> {
			if (this.session.protocol() == 3) {
				RespWriter w = writerFor();
				w.push(2);
				w.bulk("tracking-redir-broken");
				w.integer(targetId);
			}
		});
	}

	// ---- Session.Transport ----------------------------------------------------------------

	@Override
	public String remoteAddress() {
		return format(this.channel.remoteAddress());
	}

	@Override
	public String localAddress() {
		return format(this.channel.localAddress());
	}

	private static String format(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getAddress().getHostAddress();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	@Override
	public boolean isLocal() {
		return this.channel.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress().isLoopbackAddress();
	}

	@Override
	public int queryBufferLength() {
		ByteBuf q = this.queryBuffer;
		return (q != null && q.refCnt() > 0) ? q.readableBytes() : 0;
	}

	@Override
	public long outputBufferLength() {
		ChannelOutboundBuffer buffer = this.channel.unsafe().outboundBuffer();
		return (buffer != null) ? buffer.totalPendingWriteBytes() : 0;
	}

	@Override
	public void close() {
		this.channel.close();
	}

}
