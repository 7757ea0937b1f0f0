package io.cachalot.server.command;

import io.cachalot.server.command.introspection.MonitorFeed;
import io.cachalot.server.command.tracking.InvalidationTarget;
import io.cachalot.server.command.tracking.TrackingState;
import io.cachalot.server.command.transaction.Transaction;
import io.cachalot.server.pubsub.Subscriptions;

/**
 * The command-level state of one client connection: selected database, protocol version,
 * authentication, names and flags, and what CLIENT LIST reports. The network layer owns
 * the connection and exposes it through {@link Transport}; everything here is touched only
 * by the connection's event-loop thread, except the fields CLIENT LIST / KILL read.
 */
public final class Session {

	private final long id;

	private final Transport transport;

	private final long createdAt = System.currentTimeMillis();

	// written for every command by the connection's thread; CLIENT LIST from other threads
	// reads them without ordering guarantees, which is all it needs
	long lastInteraction = this.createdAt;

	volatile String name = "";

	volatile String libName = "";

	volatile String libVersion = "";

	volatile int db;

	volatile int protocol = 2;

	volatile boolean authenticated;

	volatile String user = "default";

	String lastCommand = "NULL";

	volatile boolean noEvict;

	volatile boolean closeAfterReply;

	/** CLIENT TRACKING settings. */
	private final TrackingState tracking = new TrackingState();

	/** Where this client's invalidation messages are written (null for sessions without a connection). */
	private volatile InvalidationTarget invalidationTarget;

	/** Where MONITOR lines for this client are written (null for sessions without a connection). */
	private volatile MonitorFeed.Monitor monitorTarget;

	private volatile boolean monitoring;

	/** MULTI / WATCH state. */
	private final Transaction transaction = new Transaction();

	/** Channels and patterns this client listens to (null until the connection sets them up). */
	private Subscriptions subscriptions;

	/** What a blocked command resolved on its first run (XREAD's "$"), kept for its re-runs. */
	private Object blockState;

	private boolean replyOff;

	private boolean skipNext;

	private boolean skipThis;

	public Session(long id, Transport transport, boolean authenticated) {
		this.id = id;
		this.transport = transport;
		this.authenticated = authenticated;
	}

	public long id() {
		return this.id;
	}

	public Transport transport() {
		return this.transport;
	}

	public int db() {
		return this.db;
	}

	public void db(int db) {
		this.db = db;
	}

	public int protocol() {
		return this.protocol;
	}

	public void protocol(int protocol) {
		this.protocol = protocol;
	}

	public boolean authenticated() {
		return this.authenticated;
	}

	public void authenticated(boolean authenticated) {
		this.authenticated = authenticated;
	}

	public String name() {
		return this.name;
	}

	public void name(String name) {
		this.name = name;
	}

	public String libName() {
		return this.libName;
	}

	public void libName(String libName) {
		this.libName = libName;
	}

	public String libVersion() {
		return this.libVersion;
	}

	public void libVersion(String libVersion) {
		this.libVersion = libVersion;
	}

	public String user() {
		return this.user;
	}

	public boolean noEvict() {
		return this.noEvict;
	}

	public void noEvict(boolean noEvict) {
		this.noEvict = noEvict;
	}

	public Subscriptions subscriptions() {
		return this.subscriptions;
	}

	public void subscriptions(Subscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	/** Whether a RESP2 client is in subscribed mode (only (P|S)(UN)SUBSCRIBE, PING, QUIT, RESET allowed). */
	public boolean inResp2SubscribedMode() {
		return this.protocol == 2 && this.subscriptions != null && this.subscriptions.active();
	}

	public TrackingState tracking() {
		return this.tracking;
	}

	public InvalidationTarget invalidationTarget() {
		return this.invalidationTarget;
	}

	public void invalidationTarget(InvalidationTarget target) {
		this.invalidationTarget = target;
	}

	public MonitorFeed.Monitor monitorTarget() {
		return this.monitorTarget;
	}

	public void monitorTarget(MonitorFeed.Monitor target) {
		this.monitorTarget = target;
	}

	public boolean monitoring() {
		return this.monitoring;
	}

	public void monitoring(boolean monitoring) {
		this.monitoring = monitoring;
	}

	public Transaction transaction() {
		return this.transaction;
	}

	public Object blockState() {
		return this.blockState;
	}

	public void blockState(Object state) {
		this.blockState = state;
	}

	public long createdAt() {
		return this.createdAt;
	}

	public long lastInteraction() {
		return this.lastInteraction;
	}

	public String lastCommand() {
		return this.lastCommand;
	}

	private boolean replicationLink;

	/** Whether this session is the link to this replica's primary (its writes are the primary's). */
	public boolean replicationLink() {
		return this.replicationLink;
	}

	public void replicationLink(boolean link) {
		this.replicationLink = link;
	}

	/** CLIENT REPLY: replies are sent ({@code ON}), not sent ({@code OFF}), or the next one is skipped. */
	public enum ReplyMode {

		ON, OFF, SKIP

	}

	/** Sets the CLIENT REPLY mode; SKIP takes effect for the command after this one. */
	public void replyMode(ReplyMode mode) {
		this.replyOff = mode == ReplyMode.OFF;
		this.skipNext = mode == ReplyMode.SKIP;
	}

	/** Whether the reply of the command running now is to be dropped (CLIENT REPLY OFF or SKIP). */
	public boolean repliesSuppressed() {
		return this.replyOff || this.skipThis;
	}

	/** A command finished (its reply written or dropped): a pending SKIP now applies to the next one. */
	public void commandFinished() {
		this.skipThis = this.skipNext;
		this.skipNext = false;
	}

	/** Ask the connection to close once the current reply has been written (QUIT, CLIENT KILL of self). */
	public void closeAfterReply() {
		this.closeAfterReply = true;
	}

	public boolean closingAfterReply() {
		return this.closeAfterReply;
	}

	/** The connection under a session, as the command layer needs it. */
	public interface Transport {

		String remoteAddress();

		String localAddress();

		/** Bytes waiting in the query buffer. */
		int queryBufferLength();

		/** Bytes of replies not yet written to the socket. */
		long outputBufferLength();

		/** Closes the connection (from any thread). */
		void close();

		/** Whether the peer is on a loopback address. */
		boolean isLocal();

	}

}
