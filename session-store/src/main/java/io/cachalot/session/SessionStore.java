package io.cachalot.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.session.SaveMode;

/**
 * The storage both session repositories share — one format, so a WebFlux and a servlet
 * application can share sessions (see {@link SessionKeys} for the layout).
 *
 * <p>Every write is one Lua script, so it is atomic and one round trip: a save writes the
 * changed attributes, deletes the removed ones, updates the principal index and refreshes
 * the TTL and the expiry index, and refuses to resurrect a session that was deleted (or
 * expired) meanwhile; changing the id renames the hash and moves its index entries at once,
 * so there is no moment when neither id works. The session hash lives a grace period past
 * its expiry, so the sweeper that claims expired ids ({@link #claimExpired}) — one instance
 * per id, by removing it from the expiry index — still finds the data for the expired event.
 * Nothing needs keyspace notifications or the CONFIG command.
 */
public class SessionStore {

	private static final System.Logger LOG = System.getLogger(SessionStore.class.getName());

	/** How long a session's data outlives its expiry, for the expired event. */
	static final Duration GRACE = Duration.ofMinutes(5);

	private static final String SAVE = """
			local hash, zset = KEYS[1], KEYS[2]
			local id, indexPrefix, principal = ARGV[1], ARGV[2], ARGV[3]
			local ttl, expiry, isNew, ndel = tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7])
			if isNew == '0' and redis.call('exists', hash) == 0 then return 0 end
			local i = 8
			if ndel > 0 then redis.call('hdel', hash, unpack(ARGV, i, i + ndel - 1)) end
			i = i + ndel
			if #ARGV >= i then redis.call('hset', hash, unpack(ARGV, i, #ARGV)) end
			local old = redis.call('hget', hash, 'principal')
			if (old or '') ~= principal then
			  if old then redis.call('srem', indexPrefix .. old, id) end
			  if principal ~= '' then
			    redis.call('sadd', indexPrefix .. principal, id)
			    redis.call('hset', hash, 'principal', principal)
			  else
			    redis.call('hdel', hash, 'principal')
			  end
			end
			if ttl > 0 then redis.call('pexpire', hash, ttl) else redis.call('persist', hash) end
			if expiry ~= '' then redis.call('zadd', zset, expiry, id) else redis.call('zrem', zset, id) end
			return 1
			""";

	private static final String DELETE = """
			local p = redis.call('hget', KEYS[1], 'principal')
			if p then redis.call('srem', ARGV[2] .. p, ARGV[1]) end
			redis.call('zrem', KEYS[2], ARGV[1])
			return redis.call('del', KEYS[1])
			""";

	private static final String CHANGE_ID = """
			if redis.call('exists', KEYS[1]) == 0 then return 0 end
			redis.call('rename', KEYS[1], KEYS[2])
			local score = redis.call('zscore', KEYS[3], ARGV[1])
			if score then
			  redis.call('zrem', KEYS[3], ARGV[1])
			  redis.call('zadd', KEYS[3], score, ARGV[2])
			end
			local p = redis.call('hget', KEYS[2], 'principal')
			if p then
			  redis.call('srem', ARGV[3] .. p, ARGV[1])
			  redis.call('sadd', ARGV[3] .. p, ARGV[2])
			end
			return 1
			""";

	private static final String CLAIM_EXPIRED = """
			local score = redis.call('zscore', KEYS[1], ARGV[1])
			if not score or tonumber(score) > tonumber(ARGV[2]) then return {} end
			redis.call('zrem', KEYS[1], ARGV[1])
			local data = redis.call('hgetall', KEYS[2])
			local out = {'claimed'}
			for i = 1, #data, 2 do
			  if data[i] == 'principal' then redis.call('srem', ARGV[3] .. data[i + 1], ARGV[1]) end
			  out[#out + 1] = data[i]
			  out[#out + 1] = data[i + 1]
			end
			redis.call('del', KEYS[2])
			return out
			""";

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final SessionKeys keys;

	private final SessionAttributeCodec codec;

	private final SaveMode saveMode;

	private final LongAdder unreadable = new LongAdder();

	private volatile boolean indexPrincipals = true;

	private final Set<String> warnedAttributes = ConcurrentHashMap.newKeySet();

	public SessionStore(ReactiveRedisConnectionFactory connectionFactory, SessionKeys keys, SessionAttributeCodec codec,
			SaveMode saveMode) {
		this.connectionFactory = connectionFactory;
		this.keys = keys;
		this.codec = codec;
		this.saveMode = saveMode;
	}

	/** Whether sessions are indexed by principal name (on by default). */
	public void indexPrincipals(boolean index) {
		this.indexPrincipals = index;
	}

	/** Attributes dropped because they could no longer be read. */
	public long unreadableAttributes() {
		return this.unreadable.sum();
	}

	public SaveMode saveMode() {
		return this.saveMode;
	}

	private <T> Mono<T> withConnection(Function<ReactiveRedisConnection, Mono<T>> action) {
		return Mono.usingWhen(Mono.fromSupplier(this.connectionFactory::getReactiveConnection), action,
				ReactiveRedisConnection::closeLater);
	}

	/** SHA1 of each script, for EVALSHA. */
	private final Map<String, String> shas = new ConcurrentHashMap<>();

	/**
	 * Runs a script by its SHA1 (EVALSHA: the body is not sent every time); a server that does
	 * not have it yet (NOSCRIPT) gets the body once through EVAL.
	 */
	private Mono<Object> eval(String script, ReturnType type, List<String> keyNames, List<byte[]> args) {
		List<ByteBuffer> keysAndArgs = new ArrayList<>();
		keyNames.forEach(k -> keysAndArgs.add(buffer(k)));
		args.forEach(a -> keysAndArgs.add(ByteBuffer.wrap(a)));
		ByteBuffer[] values = keysAndArgs.toArray(new ByteBuffer[0]);
		String sha = this.shas.computeIfAbsent(script, SessionStore::sha1);
		return withConnection(c -> c.scriptingCommands()
			.evalSha(sha, type, keyNames.size(), duplicates(values))
			.next()
			.onErrorResume(SessionStore::isNoScript,
					ex -> c.scriptingCommands().eval(buffer(script), type, keyNames.size(), duplicates(values)).next()));
	}

	/** Whether the server did not know the script (NOSCRIPT), however the driver wraps it. */
	private static boolean isNoScript(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (String.valueOf(t.getMessage()).startsWith("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	private static ByteBuffer[] duplicates(ByteBuffer[] values) {
		ByteBuffer[] out = new ByteBuffer[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = values[i].duplicate();
		}
		return out;
	}

	private static String sha1(String script) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(utf8(script)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- reads ----------------------------------------------------------------------------

	/** The session stored under {@code id}; empty if there is none or it has expired. */
	public Mono<CachalotSession> load(String id) {
		return withConnection(c -> c.hashCommands().hGetAll(buffer(this.keys.session(id))).collectList())
			.mapNotNull(entries -> {
				Map<String, byte[]> fields = new LinkedHashMap<>();
				for (Map.Entry<ByteBuffer, ByteBuffer> e : entries) {
					fields.put(text(e.getKey()), bytes(e.getValue()));
				}
				CachalotSession session = fromFields(id, fields);
				return (session == null || session.isExpired()) ? null : session;
			});
	}

	/** A session from its hash fields, attributes that no longer read dropped (and counted). */
	CachalotSession fromFields(String id, Map<String, byte[]> fields) {
		if (!fields.containsKey(SessionKeys.CREATION_TIME)) {
			return null;
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		Set<String> unreadableNames = new HashSet<>();
		for (Map.Entry<String, byte[]> f : fields.entrySet()) {
			String name = SessionKeys.attributeName(f.getKey());
			if (name == null) {
				continue;
			}
			try {
				attributes.put(name, this.codec.decode(f.getValue()));
			}
			catch (SessionAttributeCodec.UnreadableAttributeException ex) {
				this.unreadable.increment();
				unreadableNames.add(name);
				if (this.warnedAttributes.add(name)) {
					LOG.log(System.Logger.Level.WARNING, "Session attribute '" + name
							+ "' could not be read (its class changed?) and is dropped from the session: " + ex.getMessage());
				}
			}
		}
		return new CachalotSession(id, Instant.ofEpochMilli(number(fields, SessionKeys.CREATION_TIME)),
				Instant.ofEpochMilli(number(fields, SessionKeys.LAST_ACCESSED_TIME)),
				Duration.ofSeconds(number(fields, SessionKeys.MAX_INACTIVE_INTERVAL)), attributes, unreadableNames,
				this.saveMode);
	}

	/** Ids of the sessions indexed under {@code principal}, expired ones removed from the index. */
	public Mono<Map<String, CachalotSession>> findByPrincipal(String principal) {
		String index = this.keys.principalIndex(principal);
		return withConnection(c -> c.setCommands().sMembers(buffer(index)).map(SessionStore::text).collectList())
			.flatMapMany(Flux::fromIterable)
			.concatMap(id -> load(id).map(s -> Map.entry(id, s))
				.switchIfEmpty(withConnection(c -> c.setCommands().sRem(buffer(index), buffer(id))).then(Mono.empty())))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
	}

	// ---- writes ---------------------------------------------------------------------------

	/** Writes the session's delta; false when it was deleted meanwhile (nothing is resurrected). */
	public Mono<Boolean> save(CachalotSession session) {
		Mono<Boolean> renamed = (session.storedId() != null && !session.storedId().equals(session.getId()))
				? changeId(session.storedId(), session.getId()) : Mono.just(true);
		return renamed.flatMap(ok -> writeDelta(session)).doOnNext(saved -> {
			if (saved) {
				session.saved();
			}
		});
	}

	private Mono<Boolean> writeDelta(CachalotSession session) {
		List<byte[]> args = new ArrayList<>();
		String principal = this.indexPrincipals ? PrincipalNames.of(session) : null;
		Instant expiresAt = session.expiresAt();
		long ttl = (expiresAt == null) ? 0 : session.getMaxInactiveInterval().plus(GRACE).toMillis();
		args.add(utf8(session.getId()));
		args.add(utf8(this.keys.principalIndex("")));
		args.add(utf8((principal != null) ? principal : ""));
		args.add(utf8(Long.toString(ttl)));
		args.add(utf8((expiresAt != null) ? Long.toString(expiresAt.toEpochMilli()) : ""));
		args.add(utf8(session.isNew() ? "1" : "0"));
		Set<String> removed = session.removedAttributes();
		args.add(utf8(Integer.toString(removed.size())));
		removed.forEach(name -> args.add(utf8(SessionKeys.attributeField(name))));
		if (session.isNew() || session.metadataChanged()) {
			addField(args, SessionKeys.CREATION_TIME, Long.toString(session.getCreationTime().toEpochMilli()));
			addField(args, SessionKeys.LAST_ACCESSED_TIME, Long.toString(session.getLastAccessedTime().toEpochMilli()));
			addField(args, SessionKeys.MAX_INACTIVE_INTERVAL, Long.toString(session.getMaxInactiveInterval().toSeconds()));
		}
		for (Map.Entry<String, Object> a : session.changedAttributes().entrySet()) {
			args.add(utf8(SessionKeys.attributeField(a.getKey())));
			args.add(this.codec.encode(a.getValue()));
		}
		return eval(SAVE, ReturnType.INTEGER, List.of(this.keys.session(session.getId()), this.keys.expirations()), args)
			.map(result -> ((Long) result) == 1L);
	}

	private static void addField(List<byte[]> args, String name, String value) {
		args.add(utf8(name));
		args.add(utf8(value));
	}

	/** RENAME of the session and its index entries, atomically; false if nothing was stored. */
	public Mono<Boolean> changeId(String oldId, String newId) {
		return eval(CHANGE_ID, ReturnType.INTEGER,
				List.of(this.keys.session(oldId), this.keys.session(newId), this.keys.expirations()),
				List.of(utf8(oldId), utf8(newId), utf8(this.keys.principalIndex(""))))
			.map(result -> ((Long) result) == 1L);
	}

	/** Deletes a session and its index entries; whether it existed. */
	public Mono<Boolean> delete(String id) {
		return eval(DELETE, ReturnType.INTEGER, List.of(this.keys.session(id), this.keys.expirations()),
				List.of(utf8(id), utf8(this.keys.principalIndex(""))))
			.map(result -> ((Long) result) > 0);
	}

	// ---- expiry ---------------------------------------------------------------------------

	/** Ids whose expiry time has passed (at most {@code limit}). */
	public Flux<String> expiredIds(Instant now, int limit) {
		Range<Double> range = Range.closed(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli());
		return withConnection(c -> c.zSetCommands()
			.zRangeByScore(buffer(this.keys.expirations()), range, Limit.limit().count(limit))
			.map(SessionStore::text)
			.collectList()).flatMapMany(Flux::fromIterable);
	}

	/**
	 * Claims an expired session: removes it from the expiry index (only one instance can),
	 * deletes its data and returns what was stored; empty when another instance claimed it or
	 * it was used again meanwhile.
	 */
	@SuppressWarnings("unchecked")
	public Mono<ExpiredSession> claimExpired(String id, Instant now) {
		return eval(CLAIM_EXPIRED, ReturnType.MULTI, List.of(this.keys.expirations(), this.keys.session(id)),
				List.of(utf8(id), utf8(Long.toString(now.toEpochMilli())), utf8(this.keys.principalIndex(""))))
			.mapNotNull(result -> {
				if (!(result instanceof List<?> data) || data.isEmpty()) {
					// another instance claimed it, or it was used again
					return null;
				}
				Map<String, byte[]> fields = new LinkedHashMap<>();
				for (int i = 1; i + 1 < data.size(); i += 2) {
					fields.put(new String(raw(data.get(i)), StandardCharsets.UTF_8), raw(data.get(i + 1)));
				}
				return new ExpiredSession(id, fromFields(id, fields));
			});
	}

	/** A claimed expired session: its id, and its data if it was still there (null otherwise). */
	public record ExpiredSession(String id, CachalotSession session) {
	}

	// ---- bytes ----------------------------------------------------------------------------

	private static long number(Map<String, byte[]> fields, String name) {
		byte[] v = fields.get(name);
		return (v == null) ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
	}

	static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static ByteBuffer buffer(String s) {
		return ByteBuffer.wrap(utf8(s));
	}

	private static String text(ByteBuffer b) {
		return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
	}

	/** A script reply element: bytes, whichever way the driver hands them over. */
	private static byte[] raw(Object element) {
		return (element instanceof ByteBuffer buffer) ? bytes(buffer) : (byte[]) element;
	}

	private static byte[] bytes(ByteBuffer b) {
		byte[] out = new byte[b.remaining()];
		b.duplicate().get(out);
		return out;
	}

}
