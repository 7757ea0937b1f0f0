package io.cachalot.server.command.introspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandSpec;
import io.cachalot.server.command.LatencyHistogram;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;

/** SLOWLOG GET|LEN|RESET|HELP, LATENCY LATEST|HISTORY|RESET|HISTOGRAM|HELP and MONITOR. */
public final class IntrospectionCommands implements CommandFamily {

	private static final List<String> SLOWLOG_HELP = List.of(
			"SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"GET [<count>]",
			"    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
			"    Entries are made of:",
			"    id, timestamp, time in microseconds, arguments array, client IP and port,",
			"    client name",
			"LEN",
			"    Return the length of the slowlog.",
			"RESET",
			"    Reset the slowlog.",
			"HELP",
			"    Prints this help.");

	private static final List<String> LATENCY_HELP = List.of(
			"LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"HISTORY <event>",
			"    Return time-latency samples for the <event> class.",
			"LATEST",
			"    Return the latest latency samples for all events.",
			"RESET [<event> ...]",
			"    Reset latency data of one or more <event> classes.",
			"    (default: reset all data for all event classes)",
			"HISTOGRAM [COMMAND ...]",
			"    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
			"    If no commands are specified then all histograms are replied.",
			"HELP",
			"    Prints this help.");

	@Override
	public void register(Binder b) {
		b.handle("slowlog|get", this::slowlogGet);
		b.handle("slowlog|len", ctx -> ctx.reply().integer(ctx.server().slowlog().length()));
		b.handle("slowlog|reset", ctx -> {
			ctx.server().slowlog().reset();
			ctx.reply().ok();
		});
		b.handle("slowlog|help", ctx -> ctx.help(SLOWLOG_HELP));
		b.handle("latency|latest", this::latencyLatest);
		b.handle("latency|history", this::latencyHistory);
		b.handle("latency|reset", ctx -> {
			List<String> events = new ArrayList<>();
			for (int i = 2; i < ctx.argc(); i++) {
				events.add(ctx.string(i));
			}
			ctx.reply().integer(ctx.server().latency().reset(events));
		});
		b.handle("latency|histogram", IntrospectionCommands::latencyHistogram);
		b.handle("latency|help", ctx -> ctx.help(LATENCY_HELP));
		b.handle("monitor", ctx -> {
			if (ctx.session().monitorTarget() == null) {
				throw new CommandException("ERR MONITOR is not available on this connection");
			}
			ctx.server().monitors().add(ctx.session().monitorTarget());
			ctx.session().monitoring(true);
			ctx.reply().ok();
		});
	}

	private void slowlogGet(CommandContext ctx) {
		if (ctx.argc() > 3) {
			throw new CommandException(
					"ERR unknown subcommand or wrong number of arguments for '" + ctx.string(1) + "'. Try SLOWLOG HELP.");
		}
		long count = 10;
		if (ctx.argc() == 3) {
			try {
				count = Long.parseLong(ctx.string(2));
			}
			catch (NumberFormatException ex) {
				count = Long.MIN_VALUE;
			}
			if (count < -1) {
				throw new CommandException("ERR count should be greater than or equal to -1");
			}
		}
		List<SlowLog.Entry> entries = ctx.server().slowlog().newest(count);
		Reply r = ctx.reply();
		r.array(entries.size());
		for (SlowLog.Entry e : entries) {
			r.array(6);
			r.integer(e.id());
			r.integer(e.timestampSeconds());
			r.integer(e.micros());
			r.array(e.args().size());
			e.args().forEach(r::bulk);
			r.bulk(e.client());
			r.bulk(e.name());
		}
	}

	private void latencyLatest(CommandContext ctx) {
		Map<String, LatencyMonitor.Event> events = ctx.server().latency().latest();
		Reply r = ctx.reply();
		r.array(events.size());
		events.forEach((name, e) -> {
			r.array(4);
			r.bulk(name);
			r.integer(e.latest().timeSeconds());
			r.integer(e.latest().latencyMillis());
			r.integer(e.max());
		});
	}

	/**
	 * Each named command's (or, with no names, every called command's) cumulative latency
	 * distribution; a container name brings its subcommands, unknown names are skipped.
	 */
	private static void latencyHistogram(CommandContext ctx) {
		List<CommandSpec> tracked = new ArrayList<>();
		if (ctx.argc() == 2) {
			ctx.server().commands().allSpecs().forEach(spec -> addIfTracked(spec, tracked));
		}
		for (int i = 2; i < ctx.argc(); i++) {
			CommandSpec spec = ctx.server().commands().spec(ctx.string(i));
			if (spec != null) {
				addIfTracked(spec, tracked);
				spec.subcommands().values().forEach(sub -> addIfTracked(sub, tracked));
			}
		}
		Reply r = ctx.reply();
		r.map(tracked.size());
		for (CommandSpec spec : tracked) {
			LatencyHistogram histogram = spec.latencyHistogram();
			List<long[]> distribution = histogram.cumulativeDistribution();
			r.bulk(spec.name());
			r.map(2);
			r.bulk("calls");
			r.integer(histogram.total());
			r.bulk("histogram_usec");
			r.map(distribution.size());
			for (long[] bound : distribution) {
				r.integer(bound[0]);
				r.integer(bound[1]);
			}
		}
	}

	private static void addIfTracked(CommandSpec spec, List<CommandSpec> tracked) {
		if (spec.latencyHistogram() != null) {
			tracked.add(spec);
		}
	}

	private void latencyHistory(CommandContext ctx) {
		LatencyMonitor.Event e = ctx.server().latency().event(ctx.string(2));
		List<LatencyMonitor.Sample> samples = (e == null) ? List.of() : e.samples();
		Reply r = ctx.reply();
		r.array(samples.size());
		for (LatencyMonitor.Sample s : samples) {
			r.array(2);
			r.integer(s.timeSeconds());
			r.integer(s.latencyMillis());
		}
	}

}
