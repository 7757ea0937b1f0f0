package io.cachalot.server.replication;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import io.cachalot.server.ServerContext;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.Dispatcher;
import io.cachalot.server.command.Session;
import io.cachalot.server.net.TlsSettings;
import io.cachalot.server.persistence.RdbPersistence;
import io.cachalot.server.protocol.resp.CommandArgs;
import io.cachalot.server.protocol.resp.RespDecoder;
import io.cachalot.server.protocol.resp.RespWriter;
import io.cachalot.server.store.Keyspace;
import io.cachalot.server.store.rdb.RdbFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * This server as a replica of a Redis-protocol primary (REPLICAOF host port), as a Redis
 * replica does it: the handshake (PING, AUTH with {@code masterauth}, REPLCONF listening-port
 * and capa psync2), {@code PSYNC ? -1}, a full resynchronization — the primary's RDB snapshot
 * replaces this server's data — and then the primary's stream of write commands, executed in
 * order through the one dispatcher, with {@code REPLCONF ACK <offset>} once a second and on
 * {@code REPLCONF GETACK}. The link runs on its own thread with a blocking socket; when it
 * breaks it reconnects every second and asks to continue from its offset ({@code PSYNC
 * <replid> <offset+1>}): a primary whose backlog still holds that offset answers
 * {@code +CONTINUE} and the stream resumes; otherwise it is a new full synchronization.
 */
public final class ReplicaLink implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(ReplicaLink.class.getName());

	/** Where the link is, as ROLE names it. */
	public enum State {

		CONNECT("connect"), CONNECTING("connecting"), SYNC("sync"), CONNECTED("connected");

		private final String roleName;

		State(String roleName) {
			this.roleName = roleName;
		}

		public String roleName() {
			return this.roleName;
		}

	}

	private final ServerContext server;

	private final String host;

	private final int port;

	private final Thread thread;

	private volatile State state = State.CONNECT;

	private volatile boolean closed;

	private volatile Socket socket;

	private volatile long offset;

	private volatile long lastIoMillis;

	private volatile String primaryReplicationId = "?";

	/** A full synchronization happened: a broken link tries to continue (partial resync). */
	private volatile boolean synced;


	public ReplicaLink(ServerContext server, String host, int port) {
		this.server = server;
		this.host = host;
		this.port = port;
		this.thread = Thread.ofPlatform().daemon().name("cachalot-replica-of-" + host + ":" + port).unstarted(this::run);
	}

	public void start() {
		this.thread.start();
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public State state() {
		return this.state;
	}

	/** Bytes of the primary's stream processed (the replication offset). */
	public long offset() {
		return this.offset;
	}

	public String primaryReplicationId() {
		return this.primaryReplicationId;
	}


	/** Seconds since the primary last sent anything, or -1 without a link. */
	public long lastIoSecondsAgo() {
		return (this.state == State.CONNECTED) ? (System.currentTimeMillis() - this.lastIoMillis) / 1000 : -1;
	}

	private void run() {
		while (!this.closed) {
			try {
				follow();
			}
			catch (IOException | RuntimeException ex) {
				if (!this.closed) {
					LOG.log(System.Logger.Level.WARNING, "Replication link to " + this.host + ":" + this.port + " lost: "
							+ ex.getMessage());
				}
			}
			finally {
				closeSocket();
				this.state = State.CONNECT;
			}
			sleepQuietly(1_000);
		}
	}

	/** One connection: handshake, full sync, then the command stream until it breaks. */
	private void follow() throws IOException {
		this.state = State.CONNECTING;
		Socket s = this.server.config().get("tls-replication").equals("yes")
				? TlsSettings.clientSocketFactory(this.server.config()).createSocket() : new Socket();
		this.socket = s;
		s.connect(new InetSocketAddress(this.host, this.port), 5_000);
		if (s instanceof javax.net.ssl.SSLSocket tls) {
			// as a Redis replica does: the primary's certificate is checked against the CA, not its name
			tls.startHandshake();
		}
		s.setSoTimeout(60_000);
		InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
		OutputStream out = s.getOutputStream();
		command(out, "PING");
		String pong = line(in);
		if (pong.startsWith("-") && !pong.startsWith("-NOAUTH")) {
			throw new IOException("the primary answered PING with " + pong);
		}
		String password = this.server.config().get("masterauth");
		if (!password.isEmpty()) {
			String user = this.server.config().get("masteruser");
			if (user.isEmpty()) {
				command(out, "AUTH", password);
			}
			else {
				command(out, "AUTH", user, password);
			}
			expectOk(in, "AUTH");
		}
		command(out, "REPLCONF", "listening-port", Integer.toString(this.server.port()));
		expectOk(in, "REPLCONF listening-port");
		command(out, "REPLCONF", "capa", "psync2");
		expectOk(in, "REPLCONF capa");
		// after a first full sync, ask to continue where the stream broke off
		command(out, "PSYNC", this.synced ? this.primaryReplicationId : "?",
				this.synced ? Long.toString(this.offset + 1) : "-1");
		String reply = line(in);
		String[] parts = reply.split(" ");
		if (reply.startsWith("+CONTINUE") && this.synced) {
			if (parts.length > 1) {
				this.primaryReplicationId = parts[1].trim();
			}
		}
		else if (reply.startsWith("+FULLRESYNC ")) {
			this.primaryReplicationId = parts[1];
			this.state = State.SYNC;
			byte[] snapshot = bulkSnapshot(in);
			load(snapshot);
			this.offset = Long.parseLong(parts[2].trim());
			this.synced = true;
		}
		else {
			throw new IOException("the primary answered PSYNC with " + reply);
		}
		this.state = State.CONNECTED;
		this.lastIoMillis = System.currentTimeMillis();
		LOG.log(System.Logger.Level.INFO, "Replicating " + this.host + ":" + this.port + " from offset " + this.offset);
		stream(s, in, out);
	}

	/** The RDB payload after FULLRESYNC: newlines (the primary's keep-alives), then {@code $<length>} and the bytes. */
	private byte[] bulkSnapshot(InputStream in) throws IOException {
		int c;
		while ((c = in.read()) == '\n') {
			this.lastIoMillis = System.currentTimeMillis();
		}
		if (c != '$') {
			throw new IOException("expected the RDB payload, got " + (char) c);
		}
		String header = line(in);
		if (header.startsWith("EOF:")) {
			throw new IOException("the primary sent a diskless payload this replica did not ask for");
		}
		int length = Integer.parseInt(header);
		return in.readNBytes(length);
	}

	/** Replaces every database (and the function libraries) with the primary's snapshot. */
	private void load(byte[] snapshot) throws IOException {
		Keyspace keyspace = this.server.keyspace();
		RdbFile.Contents contents;
		try {
			contents = RdbFile.read(snapshot, keyspace.databases(), this.server.encodingLimits(), System.currentTimeMillis());
		}
		catch (RdbFile.FormatException ex) {
			throw new IOException("the primary's snapshot does not load: " + ex.getMessage(), ex);
		}
		keyspace.flush(-1);
		this.server.scripts().functions().flush();
		RdbPersistence.install(this.server, contents);
		LOG.log(System.Logger.Level.INFO, "Loaded the primary's snapshot: " + contents.entries().size() + " keys");
	}

	/** Executes the primary's commands as they come; acknowledges the offset once a second. */
	private void stream(Socket s, InputStream in, OutputStream out) throws IOException {
		s.setSoTimeout(1_000);
		Dispatcher dispatcher = new Dispatcher(this.server);
		Session session = new Session(this.server.clients().nextId(), new LinkTransport(), true);
		session.replicationLink(true);
		CommandContext ctx = new CommandContext(this.server, session, dispatcher);
		RespDecoder decoder = new RespDecoder(this.server.maxBulkLength());
		decoder.authenticated(true);
		CommandArgs args = new CommandArgs();
		ByteBuf input = Unpooled.buffer(1 << 16);
		ByteBuf discarded = Unpooled.buffer(256);
		RespWriter replies = new RespWriter();
		byte[] chunk = new byte[1 << 16];
		long lastAck = 0;
		while (!this.closed) {
			long now = System.currentTimeMillis();
			if (now - lastAck >= 1_000) {
				command(out, "REPLCONF", "ACK", Long.toString(this.offset));
				lastAck = now;
			}
			int n;
			try {
				n = in.read(chunk);
			}
			catch (SocketTimeoutException ex) {
				continue;
			}
			if (n < 0) {
				throw new IOException("the primary closed the connection");
			}
			this.lastIoMillis = System.currentTimeMillis();
			input.writeBytes(chunk, 0, n);
			while (input.isReadable()) {
				int size = decoder.decode(input, args);
				if (size == 0) {
					break;
				}
				if (size < 0) {
					input.skipBytes(-size);
					this.offset += -size;
					continue;
				}
				if (isGetAck(args)) {
					command(out, "REPLCONF", "ACK", Long.toString(this.offset));
				}
				else {
					discarded.clear();
					replies.target(discarded);
					dispatcher.execute(ctx, args, replies);
				}
				input.skipBytes(size);
				this.offset += size;
			}
			input.discardReadBytes();
		}
	}

	private static boolean isGetAck(CommandArgs args) {
		return args.count() >= 2 && args.string(0).equalsIgnoreCase("REPLCONF") && args.string(1).equalsIgnoreCase("GETACK");
	}

	private static void command(OutputStream out, String... args) throws IOException {
		StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
		for (String a : args) {
			byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
			sb.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
		}
		out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void expectOk(InputStream in, String what) throws IOException {
		String reply = line(in);
		if (!reply.startsWith("+")) {
			throw new IOException("the primary answered " + what + " with " + reply);
		}
	}

	/** A reply line without its CRLF. */
	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int c;
		while ((c = in.read()) != -1) {
			if (c == '\r') {
				in.read();
				return line.toString(StandardCharsets.UTF_8);
			}
			line.write(c);
		}
		throw new IOException("the primary closed the connection");
	}

	private void closeSocket() {
		Socket s = this.socket;
		if (s != null) {
			try {
				s.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops following the primary: the data stays, this server takes writes again. */
	@Override
	public void close() {
		this.closed = true;
		closeSocket();
		this.thread.interrupt();
	}

	/** The link's session has no client connection behind it. */
	private final class LinkTransport implements Session.Transport {

		@Override
		public String remoteAddress() {
			return ReplicaLink.this.host + ":" + ReplicaLink.this.port;
		}

		@Override
		public String localAddress() {
			return "";
		}

		@Override
		public int queryBufferLength() {
			return 0;
		}

		@Override
		public long outputBufferLength() {
			return 0;
		}

		@Override
		public void close() {
			closeSocket();
		}

		@Override
		public boolean isLocal() {
			return false;
		}

	}

}
