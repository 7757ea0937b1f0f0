package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking list commands: wake-ups from any client, FIFO order, timeouts, unblocking, disconnects. */
class BlockingListIntegrationTest extends EmbeddedServerTest {

	@BeforeEach
	void clean() {
		try (RespClient c = client()) {
			c.call("FLUSHALL");
		}
	}

	/** Own threads: the common pool may have a single worker on a 2-core machine. */
	private static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors
		.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "blocking-test-caller");
			t.setDaemon(true);
			return t;
		});

	private static CompletableFuture<String> async(RespClient c, String... command) {
		return CompletableFuture.supplyAsync(() -> c.call(command), CALLERS);
	}

	private static void awaitBlocked(RespClient observer, int count) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			if (observer.call("INFO", "clients").contains("blocked_clients:" + count)) {
				return;
			}
			Thread.sleep(10);
		}
		throw new AssertionError("expected " + count + " blocked clients");
	}

	@Test
	void blpopIsWokenByAPushFromAnotherClient() throws Exception {
		try (RespClient waiter = client(); RespClient pusher = client()) {
			CompletableFuture<String> reply = async(waiter, "BLPOP", "queue", "other", "5");
			awaitBlocked(pusher, 1);
			assertThat(pusher.call("CLIENT", "LIST")).contains("flags=b");
			assertThat(pusher.call("RPUSH", "other", "job-1")).isEqualTo(":1");
			assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("*2[$5:other,$5:job-1]");
			assertThat(pusher.call("EXISTS", "other")).isEqualTo(":0");
			assertThat(waiter.call("PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void waitersAreServedFirstBlockedFirstServed() throws Exception {
		List<RespClient> waiters = new ArrayList<>();
		List<CompletableFuture<String>> replies = new ArrayList<>();
		try (RespClient pusher = client()) {
			for (int i = 0; i < 3; i++) {
				RespClient w = client();
				waiters.add(w);
				replies.add(async(w, "BRPOP", "fifo", "5"));
				awaitBlocked(pusher, i + 1);
			}
			assertThat(pusher.call("LPUSH", "fifo", "a", "b", "c")).isEqualTo(":3");
			assertThat(replies.get(0).get(5, TimeUnit.SECONDS)).isEqualTo("*2[$4:fifo,$1:a]");
			assertThat(replies.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("*2[$4:fifo,$1:b]");
			assertThat(replies.get(2).get(5, TimeUnit.SECONDS)).isEqualTo("*2[$4:fifo,$1:c]");
		}
		finally {
			waiters.forEach(RespClient::close);
		}
	}

	@Test
	void subSecondTimeoutsReplyNull() {
		try (RespClient c = client()) {
			long start = System.nanoTime();
			assertThat(c.call("BLPOP", "empty", "0.2")).isEqualTo("*-1");
			long elapsed = (System.nanoTime() - start) / 1_000_000;
			assertThat(elapsed).isBetween(150L, 2000L);
			assertThat(c.call("BLMOVE", "empty", "dst", "LEFT", "RIGHT", "0.05")).isEqualTo("$-1");
			assertThat(c.call("BRPOPLPUSH", "empty", "dst", "0.05")).isEqualTo("$-1");
			assertThat(c.call("BLMPOP", "0.05", "2", "empty", "empty2", "LEFT")).isEqualTo("*-1");
			assertThat(c.call("BLPOP", "empty", "-1")).isEqualTo("-ERR timeout is negative");
			assertThat(c.call("BLPOP", "empty", "abc")).isEqualTo("-ERR timeout is not a float or out of range");
			c.call("HELLO", "3");
			assertThat(c.call("BLPOP", "empty", "0.01")).isEqualTo("_");
		}
	}

	@Test
	void pipelinedCommandsAfterABlockedOneWaitForIt() throws Exception {
		try (RespClient waiter = client(); RespClient pusher = client()) {
			waiter.send(RespClient.encode(RespClient.args("BLPOP", "q", "5")));
			waiter.send(RespClient.encode(RespClient.args("PING")));
			awaitBlocked(pusher, 1);
			pusher.call("RPUSH", "q", "x");
			assertThat(waiter.readReply()).isEqualTo("*2[$1:q,$1:x]");
			assertThat(waiter.readReply()).isEqualTo("+PONG");
		}
	}

	@Test
	void blmoveAndBlmpopServeWhenDataArrives() throws Exception {
		try (RespClient a = client(); RespClient b = client(); RespClient pusher = client()) {
			CompletableFuture<String> moved = async(a, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "5");
			awaitBlocked(pusher, 1);
			pusher.call("RPUSH", "src", "1", "2");
			assertThat(moved.get(5, TimeUnit.SECONDS)).isEqualTo("$1:2");
			assertThat(pusher.call("LRANGE", "dst", "0", "-1")).isEqualTo("*1[$1:2]");
			CompletableFuture<String> popped = async(b, "BLMPOP", "5", "2", "none", "dst", "LEFT", "COUNT", "5");
			assertThat(popped.get(5, TimeUnit.SECONDS)).isEqualTo("*2[$3:dst,*1[$1:2]]");
			CompletableFuture<String> rpoplpush = async(a, "BRPOPLPUSH", "src", "dst", "5");
			assertThat(rpoplpush.get(5, TimeUnit.SECONDS)).isEqualTo("$1:1");
		}
	}

	@Test
	void clientUnblockEndsTheWaitWithTimeoutOrError() throws Exception {
		try (RespClient waiter = client(); RespClient admin = client()) {
			long id = Long.parseLong(waiter.call("CLIENT", "ID").substring(1));
			CompletableFuture<String> first = async(waiter, "BLPOP", "never", "0");
			awaitBlocked(admin, 1);
			assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(":1");
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("*-1");
			CompletableFuture<String> second = async(waiter, "BLPOP", "never", "0");
			awaitBlocked(admin, 1);
			assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")).isEqualTo(":1");
			assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
			assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(":0");
			assertThat(admin.call("CLIENT", "UNBLOCK", Long.toString(id), "MAYBE"))
				.isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
		}
	}

	@Test
	void aWaiterThatDisconnectsLosesNothingAndFreesItsPlace() throws Exception {
		try (RespClient pusher = client(); RespClient second = client()) {
			RespClient first = client();
			first.send(RespClient.encode(RespClient.args("BLPOP", "gone", "0")));
			awaitBlocked(pusher, 1);
			CompletableFuture<String> reply = async(second, "BLPOP", "gone", "5");
			awaitBlocked(pusher, 2);
			first.close();
			awaitBlocked(pusher, 1);
			pusher.call("RPUSH", "gone", "kept");
			assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("*2[$4:gone,$4:kept]");
		}
	}

	@Test
	void plainListCommands() {
		try (RespClient c = client()) {
			assertThat(c.call("RPUSH", "l", "a", "b", "c")).isEqualTo(":3");
			assertThat(c.call("LMPOP", "2", "none", "l", "RIGHT", "COUNT", "2")).isEqualTo("*2[$1:l,*2[$1:c,$1:b]]");
			assertThat(c.call("LPUSHX", "none", "x")).isEqualTo(":0");
			assertThat(c.call("OBJECT", "ENCODING", "l")).isEqualTo("$9:quicklist");
			assertThat(c.call("TYPE", "l")).isEqualTo("+list");
		}
	}

	@Test
	void sortedSetBlockingPops() throws Exception {
		try (RespClient waiter = client(); RespClient writer = client()) {
			CompletableFuture<String> min = async(waiter, "BZPOPMIN", "zq", "5");
			awaitBlocked(writer, 1);
			writer.call("ZADD", "zq", "2", "b", "1", "a");
			assertThat(min.get(5, TimeUnit.SECONDS)).isEqualTo("*3[$2:zq,$1:a,$1:1]");
			assertThat(waiter.call("BZPOPMAX", "zq", "1")).isEqualTo("*3[$2:zq,$1:b,$1:2]");
			assertThat(waiter.call("BZPOPMAX", "zq", "0.05")).isEqualTo("*-1");
			CompletableFuture<String> mpop = async(waiter, "BZMPOP", "5", "2", "none", "zq", "MIN", "COUNT", "2");
			awaitBlocked(writer, 1);
			writer.call("ZADD", "zq", "3", "c");
			assertThat(mpop.get(5, TimeUnit.SECONDS)).isEqualTo("*2[$2:zq,*1[*2[$1:c,$1:3]]]");
		}
	}

	@Test
	void xreadBlockWaitsForEntriesAfterDollar() throws Exception {
		try (RespClient reader = client(); RespClient writer = client()) {
			writer.call("XADD", "events", "1-1", "type", "old");
			CompletableFuture<String> read = async(reader, "XREAD", "BLOCK", "5000", "STREAMS", "events", "$");
			awaitBlocked(writer, 1);
			// a write to another key does not satisfy it; "$" stays what it was when the read started
			writer.call("XADD", "other", "1-1", "a", "b");
			writer.call("XADD", "events", "2-1", "type", "new");
			assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("*1[*2[$6:events,*1[*2[$3:2-1,*2[$4:type,$3:new]]]]]");
			assertThat(reader.call("XREAD", "BLOCK", "50", "STREAMS", "events", "$")).isEqualTo("*-1");
			assertThat(reader.call("XREAD", "BLOCK", "x", "STREAMS", "events", "$"))
				.isEqualTo("-ERR timeout is not an integer or out of range");
		}
	}

	@Test
	void xreadgroupBlocksForNewEntriesAndTracksThemAsPending() throws Exception {
		try (RespClient reader = client(); RespClient writer = client()) {
			assertThat(writer.call("XGROUP", "CREATE", "jobs", "workers", "$", "MKSTREAM")).isEqualTo("+OK");
			assertThat(writer.call("XGROUP", "HELP")).startsWith("*").contains("CREATECONSUMER");
			CompletableFuture<String> read = async(reader, "XREADGROUP", "GROUP", "workers", "w1", "BLOCK", "5000",
					"STREAMS", "jobs", ">");
			awaitBlocked(writer, 1);
			writer.call("XADD", "jobs", "1-1", "task", "resize");
			assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("*1[*2[$4:jobs,*1[*2[$3:1-1,*2[$4:task,$6:resize]]]]]");
			assertThat(writer.call("XPENDING", "jobs", "workers")).isEqualTo("*4[:1,$3:1-1,$3:1-1,*1[*2[$2:w1,$1:1]]]");
			assertThat(writer.call("XINFO", "STREAM", "jobs", "FULL")).contains("$7:entries,*1[*2[$3:1-1,")
				.contains("$9:seen-time,:")
				.contains("$9:pel-count,:1");
			assertThat(writer.call("XACK", "jobs", "workers", "1-1")).isEqualTo(":1");
			assertThat(writer.call("XINFO", "CONSUMERS", "jobs", "workers")).startsWith("*1[*6[$4:name,$2:w1,$7:pending,:0,$4:idle,:");
			assertThat(writer.call("XINFO", "HELP")).startsWith("*").contains("CONSUMERS <key> <groupname>");
			assertThat(reader.call("XREADGROUP", "GROUP", "workers", "w1", "BLOCK", "50", "STREAMS", "jobs", ">"))
				.isEqualTo("*-1");
		}
	}

}
