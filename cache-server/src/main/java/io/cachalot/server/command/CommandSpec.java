package io.cachalot.server.command;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One command's declaration, read from {@code commands.txt}: name, arity (negative: at
 * least), flags, key positions (first, last, step; last -1 = up to the end), ACL
 * categories, key specs, tips, group, version and summary. The dispatcher, COMMAND, ACL checks, cluster
 * routing, MULTI queueing and INFO commandstats all read this one object. A container
 * command (CLIENT, CONFIG ...) holds its subcommands.
 */
public final class CommandSpec {

	private static final Set<String> SUBSCRIBED_MODE_COMMANDS = Set.of("subscribe", "psubscribe", "ssubscribe",
			"unsubscribe", "punsubscribe", "sunsubscribe", "ping", "quit", "reset");

	private final String name;

	private final byte[] nameBytes;

	private final int arity;

	private final Set<CommandFlag> flags;

	private final int firstKey;

	private final int lastKey;

	private final int keyStep;

	private final List<String> aclCategories;

	private final List<KeySpec> keySpecs;

	private final List<String> tips;

	private final String group;

	private final String since;

	private final String summary;

	private final CommandSpec parent;

	private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();

	private CommandHandler handler;

	// hot flags, read on every call
	final boolean write;

	final boolean denyOom;

	final boolean noAuth;

	final boolean hasKeys;

	final boolean unknownKeys;

	/** One of the commands a RESP2 client in subscribed mode may still send. */
	final boolean allowedWhileSubscribed;

	/** Runs at once inside MULTI rather than being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
	final boolean runsInsideMulti;

	/** The key's position when the command takes exactly one key at a fixed index, else -1. */
	final int singleKeyIndex;

	/** EVAL and FCALL families: the script engine locks every stripe itself, on its own thread. */
	final boolean runsScript;

	final LongAdder calls = new LongAdder();

	final LongAdder micros = new LongAdder();

	final LongAdder rejectedCalls = new LongAdder();

	final LongAdder failedCalls = new LongAdder();

	/** Created at the first call timed with latency-tracking on; dropped by CONFIG RESETSTAT. */
	private volatile LatencyHistogram latencyHistogram;

	CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
			List<String> aclCategories, List<KeySpec> keySpecs, List<String> tips, String group, String since,
			String summary, CommandSpec parent) {
		this.name = name;
		this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
		this.arity = arity;
		this.flags = flags.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
		this.firstKey = firstKey;
		this.lastKey = lastKey;
		this.keyStep = keyStep;
		this.aclCategories = List.copyOf(aclCategories);
		this.keySpecs = List.copyOf(keySpecs);
		this.tips = List.copyOf(tips);
		this.group = group;
		this.since = since;
		this.summary = summary;
		this.parent = parent;
		this.write = flags.contains(CommandFlag.WRITE);
		this.denyOom = flags.contains(CommandFlag.DENYOOM);
		this.noAuth = flags.contains(CommandFlag.NO_AUTH);
		// shard channels are declared as key specs flagged not_key (for cluster routing): no locking
		boolean channelsOnly = !keySpecs.isEmpty() && keySpecs.stream().allMatch(k -> k.flags().contains("not_key"));
		this.hasKeys = !channelsOnly && (firstKey > 0 || !keySpecs.isEmpty());
		this.allowedWhileSubscribed = SUBSCRIBED_MODE_COMMANDS.contains(name);
		this.runsScript = Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro").contains(name);
		this.runsInsideMulti = Set.of("exec", "discard", "multi", "watch", "quit", "reset").contains(name);
		this.singleKeyIndex = (keySpecs.size() == 1 && keySpecs.get(0).begin() instanceof KeySpec.Index index
				&& keySpecs.get(0).find() instanceof KeySpec.Range range && range.lastKey() == 0) ? index.index() : -1;
		this.unknownKeys = keySpecs.stream()
			.anyMatch(k -> k.begin() == KeySpec.Unknown.INSTANCE || k.find() == KeySpec.Unknown.INSTANCE);
	}

	/** Full lower-case name: {@code get}, or {@code client|setname} for a subcommand. */
	public String name() {
		return this.name;
	}

	byte[] nameBytes() {
		return this.nameBytes;
	}

	/** The name as written after the parent: {@code setname}. */
	public String shortName() {
		return (this.parent == null) ? this.name : this.name.substring(this.parent.name.length() + 1);
	}

	public int arity() {
		return this.arity;
	}

	public Set<CommandFlag> flags() {
		return this.flags;
	}

	public boolean has(CommandFlag flag) {
		return this.flags.contains(flag);
	}

	public boolean isWrite() {
		return this.write;
	}

	public int firstKey() {
		return this.firstKey;
	}

	public int lastKey() {
		return this.lastKey;
	}

	public int keyStep() {
		return this.keyStep;
	}

	public List<String> aclCategories() {
		return this.aclCategories;
	}

	public List<KeySpec> keySpecs() {
		return this.keySpecs;
	}

	public List<String> tips() {
		return this.tips;
	}

	public String group() {
		return this.group;
	}

	public String since() {
		return this.since;
	}

	public String summary() {
		return this.summary;
	}

	public CommandSpec parent() {
		return this.parent;
	}

	public Map<String, CommandSpec> subcommands() {
		return Collections.unmodifiableMap(this.subcommands);
	}

	void addSubcommand(CommandSpec sub) {
		this.subcommands.put(sub.shortName(), sub);
	}

	public boolean isContainer() {
		return !this.subcommands.isEmpty();
	}

	CommandHandler handler() {
		return this.handler;
	}

	void handler(CommandHandler handler) {
		this.handler = handler;
	}

	/** Whether {@code argc} arguments (command name included) satisfy the arity. */
	public boolean arityAccepts(int argc) {
		return (this.arity >= 0) ? argc == this.arity : argc >= -this.arity;
	}

	/**
	 * Positions of the key arguments of a call, found by the declared key specs (index or
	 * keyword begin; range or key-count find), written into {@code out} (at least
	 * {@code args.count()} long); returns how many. Positions may repeat. A spec whose keys
	 * cannot be derived from the arguments is reported by {@link #hasUnknownKeys()}.
	 */
	public int keyPositions(io.cachalot.server.protocol.resp.CommandArgs args, int[] out) {
		int argc = args.count();
		int n = 0;
		for (KeySpec ks : this.keySpecs) {
			int begin;
			if (ks.begin() instanceof KeySpec.Index index) {
				begin = index.index();
			}
			else if (ks.begin() instanceof KeySpec.Keyword keyword) {
				begin = findKeyword(args, keyword);
				if (begin < 0) {
					continue;
				}
			}
			else {
				continue;
			}
			if (begin >= argc) {
				continue;
			}
			if (ks.find() instanceof KeySpec.Range range) {
				int last = (range.lastKey() >= 0) ? begin + range.lastKey() : argc + range.lastKey();
				if (range.lastKey() < 0 && range.limit() > 1) {
					last = begin + (last - begin) / range.limit();
				}
				for (int i = begin; i <= last && i < argc; i += Math.max(1, range.step())) {
					out[n++] = i;
				}
			}
			else if (ks.find() instanceof KeySpec.KeyNum keyNum) {
				int numIndex = begin + keyNum.keyNumIndex();
				long count;
				try {
					count = (numIndex < argc) ? args.longValue(numIndex) : 0;
				}
				catch (NumberFormatException ex) {
					count = 0;
				}
				int first = begin + keyNum.firstKey();
				for (long k = 0; k < count; k++) {
					long i = first + k * Math.max(1, keyNum.step());
					if (i >= argc) {
						break;
					}
					out[n++] = (int) i;
				}
			}
		}
		return n;
	}

	private static int findKeyword(io.cachalot.server.protocol.resp.CommandArgs args, KeySpec.Keyword keyword) {
		int argc = args.count();
		if (keyword.startFrom() >= 0) {
			for (int i = keyword.startFrom(); i < argc; i++) {
				if (args.is(i, keyword.keyword())) {
					return i + 1;
				}
			}
		}
		else {
			for (int i = argc + keyword.startFrom(); i > 0; i--) {
				if (args.is(i, keyword.keyword())) {
					return i + 1;
				}
			}
		}
		return -1;
	}

	/** Whether a key spec cannot be resolved from the arguments (the command then locks everything). */
	public boolean hasUnknownKeys() {
		return this.unknownKeys;
	}

	/** Positions of the legacy first/last/step key range for {@code argc} arguments (COMMAND GETKEYS of simple commands). */
	public int keyRangePositions(int argc, int[] out) {
		if (!this.hasKeys) {
			return 0;
		}
		int last = (this.lastKey < 0) ? argc + this.lastKey : this.lastKey;
		int n = 0;
		for (int i = this.firstKey; i <= last && i < argc; i += this.keyStep) {
			out[n++] = i;
		}
		return n;
	}

	public long calls() {
		return this.calls.sum();
	}

	public long micros() {
		return this.micros.sum();
	}

	public long rejectedCalls() {
		return this.rejectedCalls.sum();
	}

	public long failedCalls() {
		return this.failedCalls.sum();
	}

	/** Counts one call that took {@code micros}; with {@code trackLatency}, in its histogram too. */
	void recordCall(long micros, boolean trackLatency) {
		this.calls.increment();
		this.micros.add(micros);
		if (trackLatency) {
			LatencyHistogram histogram = this.latencyHistogram;
			if (histogram == null) {
				histogram = createLatencyHistogram();
			}
			histogram.record(micros);
		}
	}

	private synchronized LatencyHistogram createLatencyHistogram() {
		if (this.latencyHistogram == null) {
			this.latencyHistogram = new LatencyHistogram();
		}
		return this.latencyHistogram;
	}

	/** This command's latency distribution (LATENCY HISTOGRAM, INFO latencystats), or null before a tracked call. */
	public LatencyHistogram latencyHistogram() {
		return this.latencyHistogram;
	}

	void resetStats() {
		this.calls.reset();
		this.micros.reset();
		this.rejectedCalls.reset();
		this.failedCalls.reset();
		this.latencyHistogram = null;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
