package io.cachalot.server.command.connection;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.Session;

/** CLIENT subcommands: identity, names, listing, killing, eviction opt-out, pausing. */
public final class ClientCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GETNAME", "    Return the name of the current connection.",
			"ID", "    Return the ID of the current connection.",
			"INFO", "    Return information about the current client connection.",
			"KILL <ip:port>", "    Kill connection made from <ip:port>.",
			"KILL <option> <value> [<option> <value> [...]]",
			"    Kill connections. Options are: ID <client-id>, ADDR <ip:port>, LADDR <ip:port>,",
			"    TYPE (NORMAL|MASTER|REPLICA|PUBSUB), USER <username>, SKIPME (YES|NO), MAXAGE <seconds>.",
			"LIST [options ...]", "    Return information about client connections. Options:",
			"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)", "    * ID <client-id> [<client-id> ...]",
			"UNPAUSE", "    Stop the current client pause, resuming traffic.",
			"PAUSE <timeout> [WRITE|ALL]", "    Suspend all, or just write, clients for <timeout> milliseconds.",
			"SETNAME <name>", "    Assign the name <name> to the current connection.",
			"SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client library name or version.",
			"NO-EVICT (ON|OFF)", "    Protect current client connection from eviction.",
			"UNBLOCK <clientid> [TIMEOUT|ERROR]",
			"    Unblock the specified blocked client.",
			"HELP", "    Print this help.");

	@Override
	public void register(Binder b) {
		b.handle("client|id", ctx -> ctx.reply().integer(ctx.session().id()));
		b.handle("client|setname", ctx -> {
			String name = ctx.string(2);
			validateName(name);
			ctx.session().name(name);
			ctx.reply().ok();
		});
		b.handle("client|getname", ctx -> {
			String name = ctx.session().name();
			if (name.isEmpty()) {
				ctx.reply().nullBulk();
			}
			else {
				ctx.reply().bulk(name);
			}
		});
		b.handle("client|setinfo", this::setinfo);
		b.handle("client|list", this::list);
		b.handle("client|info", ctx -> ctx.reply().verbatim(describe(ctx, ctx.session()) + "\n"));
		b.handle("client|kill", this::kill);
		b.handle("client|no-evict", ctx -> {
			if (ctx.is(2, "ON")) {
				ctx.session().noEvict(true);
			}
			else if (ctx.is(2, "OFF")) {
				ctx.session().noEvict(false);
			}
			else {
				throw CommandException.syntax();
			}
			ctx.reply().ok();
		});
		b.handle("client|reply", ctx -> {
			if (ctx.is(2, "ON")) {
				ctx.session().replyMode(Session.ReplyMode.ON);
				ctx.reply().ok();
			}
			else if (ctx.is(2, "OFF")) {
				ctx.session().replyMode(Session.ReplyMode.OFF);
			}
			else if (ctx.is(2, "SKIP")) {
				ctx.session().replyMode(Session.ReplyMode.SKIP);
			}
			else {
				throw CommandException.syntax();
			}
		});
		b.handle("client|pause", this::pause);
		b.handle("client|unpause", ctx -> {
			ctx.server().pause().unpause();
			ctx.reply().ok();
		});
		b.handle("client|unblock", ctx -> {
			long id = ctx.longArg(2);
			boolean withError = false;
			if (ctx.argc() == 4) {
				if (ctx.is(3, "ERROR")) {
					withError = true;
				}
				else if (!ctx.is(3, "TIMEOUT")) {
					throw new CommandException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
				}
			}
			else if (ctx.argc() > 4) {
				throw CommandException.syntax();
			}
			ctx.reply().integer(ctx.server().blocking().unblock(id, withError) ? 1 : 0);
		});
		b.handle("client|help", ctx -> {
			ctx.reply().array(HELP.size());
			HELP.forEach(ctx.reply()::simple);
		});
	}

	static void validateName(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c < '!' || c > '~') {
				throw new CommandException("ERR Client names cannot contain spaces, newlines or special characters.");
			}
		}
	}

	private void setinfo(CommandContext ctx) {
		String value = ctx.string(3);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < '!' || c > '~') {
				throw new CommandException("ERR " + ctx.string(2).toUpperCase()
						+ " cannot contain spaces, newlines or special characters.");
			}
		}
		if (ctx.is(2, "LIB-NAME")) {
			ctx.session().libName(value);
		}
		else if (ctx.is(2, "LIB-VER")) {
			ctx.session().libVersion(value);
		}
		else {
			throw new CommandException("ERR Unrecognized option '" + ctx.string(2) + "'");
		}
		ctx.reply().ok();
	}

	private void list(CommandContext ctx) {
		List<Session> sessions = ctx.server().clients().all();
		List<Long> ids = null;
		for (int i = 2; i < ctx.argc(); i++) {
			if (ctx.is(i, "TYPE") && i + 1 < ctx.argc()) {
				String type = ctx.string(++i).toLowerCase();
				if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
					throw new CommandException("ERR Unknown client type '" + ctx.string(i) + "'");
				}
				if (!type.equals("normal")) {
					sessions = List.of();
				}
			}
			else if (ctx.is(i, "ID") && i + 1 < ctx.argc()) {
				ids = new ArrayList<>();
				for (i = i + 1; i < ctx.argc(); i++) {
					try {
						long id = ctx.args().longValue(i);
						if (id <= 0) {
							throw new NumberFormatException();
						}
						ids.add(id);
					}
					catch (NumberFormatException ex) {
						throw new CommandException("ERR Invalid client ID");
					}
				}
			}
			else {
				throw CommandException.syntax();
			}
		}
		StringBuilder sb = new StringBuilder();
		for (Session s : sessions) {
			if (ids == null || ids.contains(s.id())) {
				sb.append(describe(ctx, s)).append('\n');
			}
		}
		ctx.reply().verbatim(sb.toString());
	}

	/** One CLIENT LIST line, with Redis's field names and order. */
	static String describe(CommandContext ctx, Session s) {
		long now = System.currentTimeMillis();
		Session.Transport t = s.transport();
		int qbuf = t.queryBufferLength();
		long omem = t.outputBufferLength();
		return "id=" + s.id() + " addr=" + t.remoteAddress() + " laddr=" + t.localAddress() + " fd=-1 name="
				+ s.name() + " age=" + (now - s.createdAt()) / 1000 + " idle=" + (now - s.lastInteraction()) / 1000
				+ " flags=" + flags(ctx, s) + " db=" + s.db() + subscriptionFields(s) + " multi="
				+ (s.transaction().isOpen() ? s.transaction().queued().size() : -1) + " qbuf="
				+ qbuf + " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=" + qbuf + " rbp=" + qbuf + " obl=0 oll=0 omem="
				+ omem + " tot-mem=" + (qbuf + omem) + " events=r cmd=" + s.lastCommand() + " user=" + s.user()
				+ " redir=" + (s.tracking().enabled() ? s.tracking().redirectId() : -1) + " resp=" + s.protocol() + " lib-name=" + s.libName() + " lib-ver=" + s.libVersion();
	}

	private static String subscriptionFields(Session s) {
		io.cachalot.server.pubsub.Subscriptions subs = s.subscriptions();
		return (subs == null) ? " sub=0 psub=0 ssub=0" : " sub=" + subs.channelCount() + " psub=" + subs.patternCount()
				+ " ssub=" + subs.shardChannelCount();
	}

	private static String flags(CommandContext ctx, Session s) {
		StringBuilder f = new StringBuilder();
		if (s.subscriptions() != null && s.subscriptions().active()) {
			f.append('P');
		}
		if (s.monitoring()) {
			f.append('O');
		}
		if (s.transaction().isOpen()) {
			f.append('x');
		}
		if (s.tracking().enabled()) {
			f.append('t');
			if (s.tracking().isBroadcast()) {
				f.append('B');
			}
			if (s.tracking().isRedirectBroken()) {
				f.append('R');
			}
		}
		if (ctx.server().blocking().isBlocked(s)) {
			f.append('b');
		}
		if (s.noEvict()) {
			f.append('e');
		}
		return (f.length() == 0) ? "N" : f.toString();
	}

	private void kill(CommandContext ctx) {
		if (ctx.argc() == 3) {
			String addr = ctx.string(2);
			for (Session s : ctx.server().clients().all()) {
				if (s.transport().remoteAddress().equals(addr)) {
					killSession(ctx, s);
					ctx.reply().ok();
					return;
				}
			}
			throw new CommandException("ERR No such client");
		}
		if ((ctx.argc() - 2) % 2 != 0) {
			throw CommandException.syntax();
		}
		Long id = null;
		String addr = null;
		String laddr = null;
		String user = null;
		String type = null;
		boolean skipMe = true;
		long maxAge = 0;
		for (int i = 2; i < ctx.argc(); i += 2) {
			String value = ctx.string(i + 1);
			if (ctx.is(i, "ID")) {
				try {
					id = ctx.args().longValue(i + 1);
					if (id <= 0) {
						throw new NumberFormatException();
					}
				}
				catch (NumberFormatException ex) {
					throw new CommandException("ERR client-id should be greater than 0");
				}
			}
			else if (ctx.is(i, "ADDR")) {
				addr = value;
			}
			else if (ctx.is(i, "LADDR")) {
				laddr = value;
			}
			else if (ctx.is(i, "USER")) {
				user = value;
			}
			else if (ctx.is(i, "TYPE")) {
				type = value.toLowerCase();
				if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
					throw new CommandException("ERR Unknown client type '" + value + "'");
				}
			}
			else if (ctx.is(i, "SKIPME")) {
				if (value.equalsIgnoreCase("yes")) {
					skipMe = true;
				}
				else if (value.equalsIgnoreCase("no")) {
					skipMe = false;
				}
				else {
					throw CommandException.syntax();
				}
			}
			else if (ctx.is(i, "MAXAGE")) {
				maxAge = ctx.longArg(i + 1);
			}
			else {
				throw CommandException.syntax();
			}
		}
		long now = System.currentTimeMillis();
		int killed = 0;
		for (Session s : ctx.server().clients().all()) {
			boolean match = (id == null || s.id() == id) && (addr == null || s.transport().remoteAddress().equals(addr))
					&& (laddr == null || s.transport().localAddress().equals(laddr))
					&& (user == null || s.user().equals(user)) && (type == null || type.equals("normal"))
					&& (maxAge == 0 || (now - s.createdAt()) / 1000 >= maxAge) && !(skipMe && s == ctx.session());
			if (match) {
				killSession(ctx, s);
				killed++;
			}
		}
		ctx.reply().integer(killed);
	}

	private static void killSession(CommandContext ctx, Session s) {
		if (s == ctx.session()) {
			s.closeAfterReply();
		}
		else {
			s.transport().close();
		}
	}

	private void pause(CommandContext ctx) {
		long timeout;
		try {
			timeout = ctx.args().longValue(2);
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR timeout is not an integer or out of range");
		}
		if (timeout < 0) {
			throw new CommandException("ERR timeout is negative");
		}
		boolean writesOnly = false;
		if (ctx.argc() == 4) {
			if (ctx.is(3, "WRITE")) {
				writesOnly = true;
			}
			else if (!ctx.is(3, "ALL")) {
				throw new CommandException("ERR CLIENT PAUSE mode must be WRITE or ALL");
			}
		}
		else if (ctx.argc() > 4) {
			throw CommandException.syntax();
		}
		ctx.server().pause().pause(System.currentTimeMillis() + timeout, writesOnly);
		ctx.reply().ok();
	}

}
