package io.cachalot.server.it;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis (RESP2) against the embedded server: keys, databases, server introspection. */
class JedisIntegrationTest extends EmbeddedServerTest {

	private Jedis jedis;

	@BeforeAll
	void connect() {
		this.jedis = new Jedis("127.0.0.1", port());
	}

	@AfterAll
	void disconnect() {
		this.jedis.close();
	}

	@BeforeEach
	void clean() {
		this.jedis.select(0);
		this.jedis.flushAll();
	}

	@Test
	void keyCommands() {
		this.jedis.set("a", "1");
		this.jedis.set("b", "2", SetParams.setParams().ex(100));
		assertThat(this.jedis.exists("a", "b", "c", "a")).isEqualTo(3);
		assertThat(this.jedis.type("a")).isEqualTo("string");
		assertThat(this.jedis.type("nope")).isEqualTo("none");
		assertThat(this.jedis.rename("b", "c")).isEqualTo("OK");
		assertThat(this.jedis.ttl("c")).isBetween(99L, 100L);
		assertThat(this.jedis.renamenx("a", "c")).isZero();
		assertThat(this.jedis.copy("a", "d", false)).isTrue();
		assertThat(this.jedis.get("d")).isEqualTo("1");
		assertThat(this.jedis.move("d", 3)).isEqualTo(1);
		assertThat(this.jedis.touch("a", "c", "d")).isEqualTo(2);
		assertThat(this.jedis.del("a", "c", "zzz")).isEqualTo(2);
		assertThat(this.jedis.unlink("a")).isZero();
		assertThat(this.jedis.dbSize()).isZero();
		this.jedis.select(3);
		assertThat(this.jedis.get("d")).isEqualTo("1");
		assertThat(this.jedis.randomKey()).isEqualTo("d");
		assertThatThrownBy(() -> this.jedis.rename("nokey", "x")).isInstanceOf(JedisDataException.class)
			.hasMessage("ERR no such key");
	}

	@Test
	void swapdbAndFlushdb() {
		this.jedis.set("in0", "x");
		this.jedis.swapDB(0, 1);
		assertThat(this.jedis.exists("in0")).isFalse();
		this.jedis.select(1);
		assertThat(this.jedis.get("in0")).isEqualTo("x");
		this.jedis.flushDB();
		assertThat(this.jedis.dbSize()).isZero();
		assertThatThrownBy(() -> this.jedis.select(16)).hasMessage("ERR DB index is out of range");
	}

	@Test
	void scanWithTypeAndMatch() {
		for (int i = 0; i < 300; i++) {
			this.jedis.set("user:" + i, "v");
		}
		Set<String> seen = new HashSet<>();
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<String> page = this.jedis.scan(cursor, new ScanParams().match("user:*").count(25), "string");
			seen.addAll(page.getResult());
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		assertThat(seen).hasSize(300);
		assertThat(this.jedis.scan("0", new ScanParams().count(1000), "hash").getResult()).isEmpty();
		assertThatThrownBy(() -> this.jedis.scan("abc")).hasMessage("ERR invalid cursor");
	}

	@Test
	void infoAndStatisticsTrackTheWorkload() {
		this.jedis.configResetStat();
		this.jedis.set("k", "v");
		this.jedis.get("k");
		this.jedis.get("missing");
		String stats = this.jedis.info("stats");
		assertThat(stats).contains("keyspace_hits:1").contains("keyspace_misses:1");
		String all = this.jedis.info("everything");
		assertThat(all).contains("# Server", "redis_version:", "tcp_port:" + port(), "# Clients", "connected_clients:",
				"# Memory", "used_memory:", "maxmemory_policy:noeviction", "# Persistence", "# Stats",
				"total_commands_processed:", "expired_keys:", "evicted_keys:", "# Replication", "role:master",
				"# CPU", "used_cpu_sys:", "# Commandstats", "cmdstat_get:calls=2", "# Keyspace", "db0:keys=1");
		assertThatThrownBy(() -> this.jedis.incr("k")).isInstanceOf(JedisDataException.class);
		assertThat(this.jedis.info("errorstats")).contains("errorstat_ERR:count=1");
		assertThat(this.jedis.info("commandstats")).contains("cmdstat_incr:calls=1,", "failed_calls=1");
	}

	@Test
	void clientCommands() {
		this.jedis.clientSetname("worker-1");
		assertThat(this.jedis.clientGetname()).isEqualTo("worker-1");
		assertThat(this.jedis.clientList()).contains("name=worker-1").contains("id=" + this.jedis.clientId());
		assertThat(this.jedis.clientInfo()).contains("name=worker-1", "db=0", "resp=2");
		assertThatThrownBy(() -> this.jedis.clientSetname("has space")).hasMessageContaining("cannot contain spaces");
		try (Jedis other = new Jedis("127.0.0.1", port())) {
			other.ping();
			long id = other.clientId();
			assertThat(this.jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().id(Long.toString(id))))
				.isEqualTo(1);
		}
	}

	@Test
	void commandIntrospectionComesFromTheDeclarations() {
		assertThat(this.jedis.commandCount()).isGreaterThan(60);
		assertThat(this.jedis.commandGetKeys("MSET", "a", "1", "b", "2")).containsExactly("a", "b");
		assertThat(this.jedis.commandList()).contains("get", "client|setname");
		assertThat(this.jedis.commandInfo("get").get("get").getArity()).isEqualTo(2);
		assertThat(this.jedis.commandDocs("set").get("set").getSummary()).isNotBlank();
	}

	@Test
	void objectAndMemory() {
		this.jedis.set("int", "123");
		this.jedis.set("short", "hello");
		this.jedis.set("long", "x".repeat(100));
		assertThat(this.jedis.objectEncoding("int")).isEqualTo("int");
		assertThat(this.jedis.objectEncoding("short")).isEqualTo("embstr");
		assertThat(this.jedis.objectEncoding("long")).isEqualTo("raw");
		assertThat(this.jedis.objectIdletime("short")).isBetween(0L, 2L);
		assertThat(this.jedis.objectRefcount("short")).isEqualTo(1);
		assertThat(this.jedis.memoryUsage("long")).isGreaterThan(100);
		assertThat(this.jedis.memoryUsage("none")).isNull();
		assertThatThrownBy(() -> this.jedis.objectFreq("short")).hasMessageContaining("LFU maxmemory policy is not");
	}

	@Test
	void pipelineAndTime() {
		Pipeline p = this.jedis.pipelined();
		for (int i = 0; i < 100; i++) {
			p.set("p" + i, Integer.toString(i));
		}
		List<Object> results = p.syncAndReturnAll();
		assertThat(results).hasSize(100).containsOnly("OK");
		List<String> time = this.jedis.time();
		assertThat(Long.parseLong(time.get(0))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(2L));
		assertThat(this.jedis.lastsave()).isPositive();
	}

}
