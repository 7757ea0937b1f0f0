package io.cachalot.server.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import java.util.function.Supplier;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.Dispatcher;
import io.cachalot.server.command.Session;
import io.cachalot.server.memcached.McExecutor;
import io.cachalot.server.memcached.McStats;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * Binds the listeners with reactor-netty on {@code io-threads} event loops (native epoll where
 * available), shared by both engines: the RESP port, and the memcached port when
 * {@code memcached-port} is set. Each accepted channel gets its protocol's connection handler
 * ({@link ClientConnection}, {@link MemcachedConnection}) at the head of its pipeline, which
 * handles every byte itself: commands run on the event loop that read them, with no hop to
 * another thread. A once-a-second cron closes RESP clients idle longer than {@code timeout}.
 */
public final class NetworkServer implements AutoCloseable {

	private final ServerContext server;

	private final LoopResources loops;

	private final List<DisposableServer> listeners = new ArrayList<>();

	private final ScheduledExecutorService cron;

	private int tlsPort;

	public NetworkServer(ServerContext server) {
		this.server = server;
		this.loops = LoopResources.create("cachalot-io", 1, server.config().getInt("io-threads"), true);
		this.cron = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "cachalot-cron");
			t.setDaemon(true);
			return t;
		});
	}

	/** Binds the RESP port on every address of {@code bind}; returns the bound port (useful with port 0). */
	public int start() {
		Dispatcher dispatcher = new Dispatcher(this.server);
		int port = bind(this.server.config().getInt("port"), null, () -> new ClientConnection(this.server, dispatcher));
		int tlsPort = this.server.config().getInt("tls-port");
		if (tlsPort > 0) {
			this.tlsPort = bind(tlsPort, TlsSettings.serverContext(this.server.config()),
					() -> new ClientConnection(this.server, dispatcher));
		}
		this.cron.scheduleAtFixedRate(this::everySecond, 1, 1, TimeUnit.SECONDS);
		return port;
	}

	/** The bound TLS port, or 0 when {@code tls-port} is off. */
	public int tlsPort() {
		return this.tlsPort;
	}

	/** Binds the memcached port (0: any free one) on the same addresses; returns the bound port. */
	public int startMemcached(int port, McStats stats) {
		McExecutor executor = new McExecutor(this.server, stats);
		return bind(port, null, () -> new MemcachedConnection(this.server, executor, stats));
	}

	/** Binds {@code port} on every address of {@code bind}, each connection behind TLS when {@code tls} is set. */
	private int bind(int port, SslContext tls, Supplier<ChannelHandler> connections) {
		int bound = -1;
		for (String host : hosts(this.server.config().get("bind"))) {
			boolean optional = host.startsWith("-");
			String address = optional ? host.substring(1) : host;
			try {
				DisposableServer listener = TcpServer.create()
					.host(address)
					.port((bound >= 0) ? bound : port)
					.runOn(this.loops, true)
					.option(ChannelOption.SO_BACKLOG, this.server.config().getInt("tcp-backlog"))
					.childOption(ChannelOption.TCP_NODELAY, true)
					// the classic pooled allocator: its direct buffers read bytes through Unsafe,
					// which the decoder and the key hash do for every byte of every request
					.childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
					.childOption(ChannelOption.SO_KEEPALIVE, this.server.config().getInt("tcp-keepalive") > 0)
					.doOnChannelInit((observer, channel, remote) -> {
						channel.pipeline().addFirst("cachalot-connection", connections.get());
						if (tls != null) {
							// in front of the connection: it reads and writes plain bytes
							channel.pipeline().addFirst("cachalot-tls", tls.newHandler(channel.alloc()));
						}
					})
					// reactor-netty reads on demand of its inbound flux; the handler consumes
					// every byte itself, so the channel reads freely (back-pressure is ours)
					.doOnConnection(connection -> connection.channel().config().setAutoRead(true))
					.handle((in, out) -> Mono.never())
					.bindNow(Duration.ofSeconds(10));
				this.listeners.add(listener);
				bound = ((InetSocketAddress) listener.address()).getPort();
			}
			catch (RuntimeException ex) {
				if (!optional) {
					close();
					throw ex;
				}
			}
		}
		if (bound < 0) {
			throw new IllegalStateException("Failed listening on any bind address");
		}
		return bound;
	}

	private static List<String> hosts(String bind) {
		List<String> out = new ArrayList<>();
		for (String h : bind.trim().split("\\s+")) {
			switch (h) {
				case "*" -> out.add("0.0.0.0");
				case "-::*" -> out.add("-::");
				case "::*" -> out.add("::");
				default -> out.add(h);
			}
		}
		return out;
	}

	private void everySecond() {
		this.server.stats().sample(this.server.commands().totalCalls());
		this.server.persistence().tick(System.currentTimeMillis());
		this.server.updateMemoryPeak();
		closeIdleClients();
	}

	private void closeIdleClients() {
		long timeout = this.server.idleTimeoutSeconds();
		if (timeout <= 0) {
			return;
		}
		long now = System.currentTimeMillis();
		for (Session s : this.server.clients().all()) {
			if (now - s.lastInteraction() > timeout * 1000 && !this.server.blocking().isBlocked(s)) {
				s.transport().close();
			}
		}
	}

	@Override
	public void close() {
		this.cron.shutdownNow();
		for (DisposableServer listener : this.listeners) {
			listener.disposeNow(Duration.ofSeconds(5));
		}
		this.listeners.clear();
		for (Session s : this.server.clients().all()) {
			s.transport().close();
		}
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
	}

}
