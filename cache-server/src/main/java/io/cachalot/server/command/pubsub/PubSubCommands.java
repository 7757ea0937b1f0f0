package io.cachalot.server.command.pubsub;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.pubsub.PubSubRegistry;
import io.cachalot.server.pubsub.PubSubRegistry.Kind;
import io.cachalot.server.pubsub.Subscriptions;

/**
 * Pub/sub: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB. Confirmations are
 * push frames in RESP3 and arrays in RESP2, one per channel, with Redis's counts (channels
 * plus patterns; shard channels on their own).
 */
public final class PubSubCommands implements CommandFamily {

	private static final List<String> HELP = List.of(
			"PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"CHANNELS [<pattern>]",
			"    Return the currently active channels matching a <pattern> (default: '*').",
			"NUMPAT",
			"    Return number of subscriptions to patterns.",
			"NUMSUB [<channel> ...]",
			"    Return the number of subscribers for the specified channels, excluding",
			"    pattern subscriptions(default: no channels).",
			"SHARDCHANNELS [<pattern>]",
			"    Return the currently active shard level channels matching a <pattern> (default: '*').",
			"SHARDNUMSUB [<shardchannel> ...]",
			"    Return the number of subscribers for the specified shard level channel(s)",
			"HELP",
			"    Prints this help.");

	@Override
	public void register(Binder b) {
		b.handle("subscribe", ctx -> subscribe(ctx, Kind.CHANNEL, "subscribe"));
		b.handle("psubscribe", ctx -> subscribe(ctx, Kind.PATTERN, "psubscribe"));
		b.handle("ssubscribe", ctx -> subscribe(ctx, Kind.SHARD, "ssubscribe"));
		b.handle("unsubscribe", ctx -> unsubscribe(ctx, Kind.CHANNEL, "unsubscribe"));
		b.handle("punsubscribe", ctx -> unsubscribe(ctx, Kind.PATTERN, "punsubscribe"));
		b.handle("sunsubscribe", ctx -> unsubscribe(ctx, Kind.SHARD, "sunsubscribe"));
		b.handle("publish", ctx -> ctx.reply().integer(ctx.server().pubsub().publish(ctx.arg(1), ctx.arg(2))));
		b.handle("spublish", ctx -> ctx.reply().integer(ctx.server().pubsub().publishShard(ctx.arg(1), ctx.arg(2))));
		b.handle("pubsub|channels", ctx -> channels(ctx, Kind.CHANNEL));
		b.handle("pubsub|shardchannels", ctx -> channels(ctx, Kind.SHARD));
		b.handle("pubsub|numsub", ctx -> numsub(ctx, Kind.CHANNEL));
		b.handle("pubsub|shardnumsub", ctx -> numsub(ctx, Kind.SHARD));
		b.handle("pubsub|numpat", ctx -> ctx.reply().integer(ctx.server().pubsub().patternCount()));
		b.handle("pubsub|help", ctx -> {
			ctx.reply().array(HELP.size());
			HELP.forEach(ctx.reply()::simple);
		});
	}

	private static void subscribe(CommandContext ctx, Kind kind, String verb) {
		Subscriptions subscriptions = ctx.session().subscriptions();
		for (int i = 1; i < ctx.argc(); i++) {
			confirm(ctx.reply(), verb, ctx.arg(i), subscriptions.subscribe(kind, ctx.arg(i)));
		}
	}

	private static void unsubscribe(CommandContext ctx, Kind kind, String verb) {
		Subscriptions subscriptions = ctx.session().subscriptions();
		List<byte[]> names = new ArrayList<>();
		for (int i = 1; i < ctx.argc(); i++) {
			names.add(ctx.arg(i));
		}
		if (names.isEmpty()) {
			names = subscriptions.all(kind);
		}
		if (names.isEmpty()) {
			confirm(ctx.reply(), verb, null, subscriptions.count(kind));
			return;
		}
		for (byte[] name : names) {
			confirm(ctx.reply(), verb, name, subscriptions.unsubscribe(kind, name));
		}
	}

	private static void confirm(Reply reply, String verb, byte[] name, int count) {
		reply.push(3);
		reply.bulk(verb);
		if (name != null) {
			reply.bulk(name);
		}
		else {
			reply.nullBulk();
		}
		reply.integer(count);
	}

	private static void channels(CommandContext ctx, Kind kind) {
		if (ctx.argc() > 3) {
			throw ctx.wrongArity();
		}
		List<byte[]> active = ctx.server().pubsub().activeChannels(kind, (ctx.argc() == 3) ? ctx.arg(2) : null);
		ctx.reply().array(active.size());
		active.forEach(ctx.reply()::bulk);
	}

	private static void numsub(CommandContext ctx, Kind kind) {
		PubSubRegistry registry = ctx.server().pubsub();
		ctx.reply().array((ctx.argc() - 2) * 2);
		for (int i = 2; i < ctx.argc(); i++) {
			ctx.reply().bulk(ctx.arg(i));
			ctx.reply().integer(registry.subscriberCount(kind, ctx.arg(i)));
		}
	}

}
