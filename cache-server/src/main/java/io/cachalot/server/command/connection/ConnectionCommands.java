package io.cachalot.server.command.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.cachalot.server.ServerInfo;
import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.Session;
import io.cachalot.server.protocol.resp.Reply;

/** Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT. */
public final class ConnectionCommands implements CommandFamily {

	static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

	@Override
	public void register(Binder b) {
		b.handle("ping", ctx -> {
			if (ctx.argc() > 2) {
				throw ctx.wrongArity();
			}
			if (ctx.session().inResp2SubscribedMode()) {
				// a subscribed RESP2 client can tell this reply from a message only as an array
				ctx.reply().array(2);
				ctx.reply().bulk("pong");
				ctx.reply().bulk((ctx.argc() == 2) ? ctx.arg(1) : new byte[0]);
			}
			else if (ctx.argc() == 2) {
				ctx.reply().bulk(ctx.arg(1));
			}
			else {
				ctx.reply().simple("PONG");
			}
		});
		b.handle("echo", ctx -> ctx.reply().bulk(ctx.arg(1)));
		b.handle("quit", ctx -> {
			ctx.session().closeAfterReply();
			ctx.reply().ok();
		});
		b.handle("reset", this::reset);
		b.handle("hello", this::hello);
		b.handle("auth", this::auth);
		b.handle("select", ctx -> {
			long db = ctx.longArg(1);
			if (db < 0 || db >= ctx.server().keyspace().databases()) {
				throw new CommandException("ERR DB index is out of range");
			}
			ctx.session().db((int) db);
			ctx.reply().ok();
		});
	}

	private void reset(CommandContext ctx) {
		Session s = ctx.session();
		if (s.subscriptions() != null) {
			s.subscriptions().clear();
		}
		ctx.server().watches().discard(s.transaction());
		if (s.monitoring() && s.monitorTarget() != null) {
			ctx.server().monitors().remove(s.monitorTarget());
			s.monitoring(false);
		}
		s.db(0);
		s.protocol(2);
		s.name("");
		s.noEvict(false);
		s.authenticated(ctx.server().requirePass().isEmpty());
		ctx.reply().simple("RESET");
	}

	private void hello(CommandContext ctx) {
		Session s = ctx.session();
		int protocol = s.protocol();
		int i = 1;
		if (ctx.argc() >= 2) {
			long ver;
			try {
				ver = ctx.args().longValue(1);
			}
			catch (NumberFormatException ex) {
				throw new CommandException("ERR Protocol version is not an integer or out of range");
			}
			if (ver < 2 || ver > 3) {
				throw new CommandException("NOPROTO unsupported protocol version");
			}
			protocol = (int) ver;
			i = 2;
		}
		String user = null;
		byte[] pass = null;
		String name = null;
		for (; i < ctx.argc(); i++) {
			if (ctx.is(i, "AUTH") && i + 2 < ctx.argc()) {
				user = ctx.string(i + 1);
				pass = ctx.arg(i + 2);
				i += 2;
			}
			else if (ctx.is(i, "SETNAME") && i + 1 < ctx.argc()) {
				name = ctx.string(++i);
				ClientCommands.validateName(name);
			}
			else {
				throw new CommandException("ERR Syntax error in HELLO option '" + ctx.string(i) + "'");
			}
		}
		if (user != null && !checkPassword(ctx, user, pass)) {
			throw new CommandException(WRONGPASS);
		}
		if (user != null) {
			s.authenticated(true);
		}
		if (!s.authenticated()) {
			throw new CommandException("NOAUTH HELLO must be called with the client already authenticated, "
					+ "otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client "
					+ "and select the RESP protocol version at the same time");
		}
		if (name != null) {
			s.name(name);
		}
		s.protocol(protocol);
		Reply reply = ctx.reply();
		if (reply instanceof io.cachalot.server.protocol.resp.RespWriter writer) {
			writer.protocol(protocol);
		}
		reply.map(7);
		reply.bulk("server");
		reply.bulk("redis");
		reply.bulk("version");
		reply.bulk(ServerInfo.REDIS_VERSION);
		reply.bulk("proto");
		reply.integer(protocol);
		reply.bulk("id");
		reply.integer(s.id());
		reply.bulk("mode");
		reply.bulk("standalone");
		reply.bulk("role");
		reply.bulk("master");
		reply.bulk("modules");
		reply.array(0);
	}

	private void auth(CommandContext ctx) {
		if (ctx.argc() > 3) {
			throw CommandException.syntax();
		}
		String user = (ctx.argc() == 3) ? ctx.string(1) : "default";
		byte[] pass = ctx.arg(ctx.argc() - 1);
		if (ctx.argc() == 2 && ctx.server().requirePass().isEmpty()) {
			throw new CommandException("ERR AUTH <password> called without any password configured for the default "
					+ "user. Are you sure your configuration is correct?");
		}
		if (!checkPassword(ctx, user, pass)) {
			throw new CommandException(WRONGPASS);
		}
		ctx.session().authenticated(true);
		ctx.reply().ok();
	}

	/** The default user's password check, in constant time. */
	static boolean checkPassword(CommandContext ctx, String user, byte[] pass) {
		if (!"default".equals(user)) {
			return false;
		}
		String required = ctx.server().requirePass();
		if (required.isEmpty()) {
			return true;
		}
		return MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8), pass);
	}

}
