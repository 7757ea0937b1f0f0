package io.cachalot.server.command.tracking;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.command.Session;
import io.cachalot.server.protocol.resp.Reply;

/** CLIENT TRACKING, CLIENT CACHING, CLIENT TRACKINGINFO and CLIENT GETREDIR, with Redis's errors. */
public final class TrackingCommands implements CommandFamily {

	@Override
	public void register(Binder b) {
		b.handle("client|tracking", this::tracking);
		b.handle("client|caching", this::caching);
		b.handle("client|trackinginfo", this::trackingInfo);
		b.handle("client|getredir", ctx -> {
			TrackingState t = ctx.session().tracking();
			ctx.reply().integer(!t.enabled ? -1 : t.redirect);
		});
	}

	private void tracking(CommandContext ctx) {
		Session session = ctx.session();
		TrackingState t = session.tracking();
		TrackingTable table = ctx.server().tracking();
		boolean on;
		if (ctx.is(2, "ON")) {
			on = true;
		}
		else if (ctx.is(2, "OFF")) {
			on = false;
		}
		else {
			throw CommandException.syntax();
		}
		long redirect = 0;
		boolean bcast = false;
		boolean optin = false;
		boolean optout = false;
		boolean noloop = false;
		List<byte[]> prefixes = new ArrayList<>();
		for (int i = 3; i < ctx.argc(); i++) {
			if (ctx.is(i, "REDIRECT") && i + 1 < ctx.argc()) {
				if (redirect != 0) {
					throw new CommandException("ERR A client can only redirect to a single other client");
				}
				redirect = ctx.longArg(++i);
				if (redirect != session.id() && ctx.server().clients().get(redirect) == null) {
					throw new CommandException("ERR The client ID you want redirect to does not exist");
				}
			}
			else if (ctx.is(i, "BCAST")) {
				bcast = true;
			}
			else if (ctx.is(i, "OPTIN")) {
				optin = true;
			}
			else if (ctx.is(i, "OPTOUT")) {
				optout = true;
			}
			else if (ctx.is(i, "NOLOOP")) {
				noloop = true;
			}
			else if (ctx.is(i, "PREFIX") && i + 1 < ctx.argc()) {
				prefixes.add(ctx.arg(++i));
			}
			else {
				throw CommandException.syntax();
			}
		}
		if (!on) {
			t.enabled = false;
			t.prefixes = List.of();
			t.redirect = 0;
			t.redirectBroken = false;
			t.caching = null;
			table.disable(session);
			ctx.reply().ok();
			return;
		}
		if (t.enabled && t.bcast != bcast) {
			throw new CommandException("ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
					+ "and then re-enabling it with a different mode.");
		}
		if (!bcast && !prefixes.isEmpty()) {
			throw new CommandException("ERR PREFIX option requires BCAST mode to be enabled");
		}
		if (optin && optout) {
			throw new CommandException("ERR You can't specify both OPTIN mode and OPTOUT mode");
		}
		if ((optin && t.enabled && t.optout) || (optout && t.enabled && t.optin)) {
			throw new CommandException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
					+ "and then re-enabling it with a different mode.");
		}
		if (bcast && (optin || optout)) {
			throw new CommandException("ERR OPTIN and OPTOUT are not compatible with BCAST");
		}
		t.redirect = (redirect == session.id()) ? 0 : redirect;
		t.redirectBroken = false;
		t.bcast = bcast;
		t.optin = optin;
		t.optout = optout;
		t.noloop = noloop;
		if (bcast) {
			List<byte[]> all = new ArrayList<>(t.enabled ? t.prefixes : List.of());
			all.addAll(prefixes);
			t.prefixes = List.copyOf(all);
		}
		t.caching = null;
		t.enabled = true;
		table.enable(session);
		ctx.reply().ok();
	}

	private void caching(CommandContext ctx) {
		TrackingState t = ctx.session().tracking();
		if (!t.enabled || (!t.optin && !t.optout)) {
			throw new CommandException(
					"ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
		}
		if (ctx.is(2, "YES")) {
			if (!t.optin) {
				throw new CommandException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
			}
			t.caching = Boolean.TRUE;
		}
		else if (ctx.is(2, "NO")) {
			if (!t.optout) {
				throw new CommandException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
			}
			t.caching = Boolean.FALSE;
		}
		else {
			throw CommandException.syntax();
		}
		ctx.reply().ok();
	}

	private void trackingInfo(CommandContext ctx) {
		TrackingState t = ctx.session().tracking();
		Boolean caching = t.caching;
		List<String> flags = new ArrayList<>();
		if (!t.enabled) {
			flags.add("off");
		}
		else {
			flags.add("on");
			if (t.bcast) {
				flags.add("bcast");
			}
			if (t.optin) {
				flags.add("optin");
				if (Boolean.TRUE.equals(caching)) {
					flags.add("caching-yes");
				}
			}
			if (t.optout) {
				flags.add("optout");
				if (Boolean.FALSE.equals(caching)) {
					flags.add("caching-no");
				}
			}
			if (t.noloop) {
				flags.add("noloop");
			}
			if (t.redirectBroken) {
				flags.add("broken_redirect");
			}
		}
		Reply r = ctx.reply();
		r.map(3);
		r.bulk("flags");
		r.set(flags.size());
		flags.forEach(r::bulk);
		r.bulk("redirect");
		r.integer(!t.enabled ? -1 : t.redirect);
		r.bulk("prefixes");
		r.array(t.prefixes.size());
		t.prefixes.forEach(r::bulk);
	}

}
