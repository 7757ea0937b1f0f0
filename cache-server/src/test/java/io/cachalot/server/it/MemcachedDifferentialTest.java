package io.cachalot.server.it;

import java.util.List;

import io.cachalot.server.CachalotServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memcached engine against a real memcached 1.6 (Debian's binary, started by
 * {@link ReferenceMemcached}): the same requests on both, every reply compared byte for byte
 * (CAS values named, see {@link McTranscript}) — replies, error strings, and how much input a
 * rejected request consumes.
 */
class MemcachedDifferentialTest extends EmbeddedServerTest {

	private static final String BIG = "x".repeat(1024 * 1024 + 1);

	@Override
	protected CachalotServer.Builder configure(CachalotServer.Builder builder) {
		return builder.memcachedPort(0);
	}

	@Test
	void storageCommandsLikeMemcached() {
		compare("set a 5 0 2\r\nhi\r\n", "get a\r\n", "gets a\r\n", "add a 0 0 1\r\nx\r\n", "add b 7 0 1\r\nb\r\n",
				"replace a 9 0 3\r\nnew\r\n", "replace nokey 0 0 1\r\nx\r\n", "get a b\r\n", "append a 1 0 2\r\n++\r\n",
				"prepend a 1 0 2\r\n--\r\n", "append nokey 0 0 1\r\nx\r\n", "gets a\r\n", "cas a 3 0 3\r\ncas\r\n",
				"gets a\r\n", "cas a 3 0 3 ${cas}\r\nyes\r\n", "cas a 3 0 3 ${cas}\r\nno!\r\n", "get a\r\n",
				"cas nokey 0 0 1 1\r\nx\r\n", "cas a 0 0 1 0\r\nx\r\n", "set f 4294967295 0 1\r\nf\r\n",
				"set g 4294967296 0 1\r\ng\r\n", "set h -1 0 1\r\nh\r\n", "get f g h\r\n", "set n 0 -1 1\r\nn\r\n", "get n\r\n",
				"set q 0 0 1 noreply\r\nq\r\n", "get q\r\n", "set r 0 0 1 junk\r\nr\r\n",
				"set r 0 0 1 noreply junk\r\nr\r\n", "set s 0 0 -1\r\n", "set s 0 x 1\r\ns\r\n", "set s 0 0\r\n",
				"set t 0 0 3\r\nabcde\r\n", "get t\r\n", "set " + "k".repeat(251) + " 0 0 1\r\nx\r\n",
				"set " + "k".repeat(250) + " 0 0 1\r\nx\r\n", "get " + "k".repeat(250) + "\r\n",
				"set big 0 0 " + BIG.length() + "\r\n" + BIG + "\r\n", "set a 0 0 " + BIG.length() + "\r\n" + BIG + "\r\n",
				"get a big\r\n", "set e 0 0 0\r\n\r\n", "get e\r\n", "set lf 0 0 2\nlf\r\n", "get  lf   e\n");
	}

	@Test
	void retrievalAndTouchLikeMemcached() {
		compare("set a 1 0 1\r\na\r\n", "set b 2 100 1\r\nb\r\n", "get a nokey b a\r\n", "gets nokey\r\n", "get\r\n",
				"gat 100 a b nokey\r\n", "gats 0 a\r\n", "gat x a\r\n", "gat 100\r\n", "touch a 10\r\n", "touch nokey 10\r\n",
				"touch a x\r\n", "touch a\r\n", "touch a 10 noreply\r\n", "gat -1 b\r\n", "get b\r\n", "touch a -1\r\n",
				"get a\r\n", "get " + "k".repeat(251) + "\r\n", "GET a\r\n", "bogus\r\n", "\r\n",
				"set c 0 0 1\r\nc\r\n", "gets c\r\n", "touch c 100\r\n", "gets c\r\n", "gats 200 c\r\n", "mg c T300 c\r\n",
				"incr c 1\r\n", "gets c\r\n");
	}

	/**
	 * Counters. Memcached pads a shrinking result in place only while no other reference to
	 * the item is alive — a get's reply it has not let go of yet makes it allocate an unpadded
	 * item instead — so no shrinking update here follows a get of the same key.
	 */
	@Test
	void arithmeticLikeMemcached() {
		compare("set a 5 0 2\r\n99\r\n", "incr a 1\r\n", "decr a 95\r\n", "get a\r\n", "set b 0 0 4\r\n1000\r\n",
				"decr b 1\r\n", "decr b 1000\r\n", "incr b 5 noreply\r\n", "incr b 7\r\n", "get b\r\n",
				"set m 0 0 20\r\n18446744073709551615\r\n", "incr m 2\r\n", "get m\r\n", "incr a x\r\n",
				"incr a -1\r\n", "incr a 18446744073709551616\r\n", "incr nokey 1\r\n", "set t 0 0 3\r\nabc\r\n",
				"incr t 1\r\n", "decr t 1\r\n", "incr\r\n", "incr a\r\n", "set sp 0 0 4\r\n 12 \r\n", "incr sp 1\r\n",
				"set neg 0 0 2\r\n-1\r\n", "incr neg 1\r\n", "set z 0 0 2\r\n00\r\n", "incr z 0\r\n", "get z\r\n");
	}

	@Test
	void deleteFlushAndAdministrationLikeMemcached() {
		compare("set a 0 0 1\r\na\r\n", "delete a\r\n", "delete a\r\n", "set a 0 0 1\r\na\r\n", "delete a 0\r\n",
				"delete a 5\r\n", "delete a 0 noreply\r\n", "delete a noreply\r\n", "delete\r\n", "delete a noreply x\r\n",
				"set b 0 0 1\r\nb\r\n", "flush_all\r\n", "get b\r\n", "flush_all 0\r\n", "flush_all noreply\r\n",
				"flush_all x\r\n", "flush_all 1 2 3\r\n", "version\r\n", "verbosity 1\r\n", "verbosity\r\n",
				"verbosity 1 noreply\r\n", "stats bogus\r\n", "stats reset\r\n", "shutdown\r\n");
	}

	@Test
	void metaCommandsLikeMemcached() {
		compare("ms mk 2 F5 T0\r\nhi\r\n", "mg mk v f t s k O123\r\n", "mg mk\r\n", "mg mk c\r\n", "mg nokey v\r\n",
				"mg nokey v q\r\n", "mg mk v q k\r\n", "ms mk 1 C1\r\nx\r\n", "ms mk 1 MA\r\nx\r\n", "mg mk v\r\n",
				"ms mk 1 MP c\r\n<\r\n", "mg mk v c\r\n", "ms mk 1 C${cas} c\r\n!\r\n", "ms nok 1 ME\r\nx\r\n",
				"ms mk 1 ME\r\nx\r\n", "ms nok2 1 MR\r\nx\r\n", "ms mk 1 MR q\r\nz\r\n", "mg mk v s f\r\n",
				"ms mk 2 T100 k O7\r\nab\r\n", "mg mk t v\r\n", "mg mk T0 t\r\n", "mg mk t\r\n",
				"ms app 1 MA N0\r\na\r\n", "mg app v\r\n", "ms k x\r\nhi\r\n", "ms k -1\r\n", "ms k 2 T\r\nhi\r\n",
				"ms k 2 Tx\r\nhi\r\n", "ms k 2 MX\r\nhi\r\n", "mg mk v v\r\n", "mg x Z\r\n", "mg x bogus\r\n", "ms\r\n", "mg\r\n",
				"ms Zm9v 2 b k\r\nb6\r\n", "mg foo v\r\n", "mg Zm9v b v k\r\n", "mg %%% b v\r\n", "mn\r\n");
	}

	@Test
	void metaDeleteAndArithmeticLikeMemcached() {
		compare("ms mk 1\r\nx\r\n", "md mk q\r\n", "md mk q\r\n", "md mk\r\n", "ms mk 1\r\nx\r\n", "mg mk c\r\n",
				"md mk C1\r\n", "md mk C${cas} k O1\r\n", "mg mk v\r\n", "ma cnt\r\n", "ma cnt q\r\n",
				"ma cnt N0 J10 v\r\n", "ma cnt D5 v\r\n", "ma cnt MD D100 v t\r\n", "mg cnt v\r\n", "ma cnt q\r\n",
				"ma cnt v\r\n", "ma cnt M+ D7 v k O3\r\n", "ma cnt M- v\r\n", "ma cnt MX\r\n", "ma cnt Dx\r\n",
				"ma cnt N100 t v\r\n", "ma new N100 J5 t v\r\n", "ms txt 2\r\nab\r\n", "ma txt\r\n", "ma cnt C1 v\r\n",
				"mg cnt c\r\n", "ma cnt C${cas} v\r\n", "mn\r\n");
	}

	/** Stale-while-revalidate: vivify on miss, recache before expiry, invalidation, win tokens. */
	@Test
	void recacheTokensLikeMemcached() {
		compare("mg a N30 v t c\r\n", "mg a N30 v t\r\n", "mg a v\r\n", "ms a 2\r\nhi\r\n", "mg a v\r\n",
				"mg a N30 v\r\n", "mg a h l t v\r\n", "mg a h l\r\n", "mg a R30 v t\r\n", "mg a R30 v t\r\n",
				"ms b 2 T100\r\nhi\r\n", "mg b R30 v t\r\n", "mg b R200 v t\r\n", "mg b R200 v t\r\n",
				"ms b 2 T100\r\nho\r\n", "mg b R200 v t\r\n", "mg b Rx\r\n", "mg nokey Nx v\r\n",
				"ms s 2 T100\r\nhi\r\n", "md s I T30\r\n", "mg s v t c\r\n", "mg s v t c\r\n", "get s\r\n",
				"ms s 2 c\r\nnu\r\n", "mg s v t\r\n", "md s I\r\n", "mg s c\r\n", "ms s 2 I C1\r\nxx\r\n",
				"mg s v c\r\n", "md nokey I\r\n", "ms s 2\r\nok\r\n", "mg s c\r\n", "ms s 2 I C1\r\nzz\r\n",
				"mg s v\r\n", "mg s v f t\r\n", "ms s 2 I C99999999999\r\nyy\r\n", "ms s 2 I\r\nnc\r\n", "mg s v\r\n",
				"md s I C1\r\n", "md s x\r\n", "mg s E5\r\n");
	}

	@Test
	void framingLikeMemcached() {
		compare("set a 0 0 5\r\n12345\r\nget a\r\n", "get a\r\nget a\r\n", "set b 0 0 2\r\nxyz\r\n",
				"   get    a   \r\n", "set c 0 0 1\r\n" + "c\r\n" + "get c\r\n");
	}

	/** A line that never ends closes the connection, on both. */
	@Test
	void anEndlessLineClosesTheConnection() {
		int reference = ReferenceMemcached.portOrSkip();
		for (int port : new int[] { reference, this.server.memcachedPort() }) {
			try (McClient client = new McClient(port)) {
				client.send("x".repeat(5000).getBytes());
				assertThat(client.isClosedByServer(2_000)).as("closed by the server on port %d", port).isTrue();
			}
		}
	}

	private void compare(String... requests) {
		int reference = ReferenceMemcached.portOrSkip();
		List<String> expected = McTranscript.run(reference, List.of(requests));
		List<String> actual = McTranscript.run(this.server.memcachedPort(), List.of(requests));
		assertThat(actual).containsExactlyElementsOf(expected);
	}

}
