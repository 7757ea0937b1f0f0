package io.cachalot.server.script;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RESP → Lua (what {@code redis.call} returns) and back (what a script returns), by Redis's
 * rules, through the recording reply.
 */
class LuaConversionTest {

	@Test
	void resp2RepliesBecomeLuaValues() {
		RespToLua r = new RespToLua(2);
		r.array(5);
		r.integer(7);
		r.nullBulk();
		r.simple("OK");
		r.map(1);
		r.bulk("f");
		r.doubleValue(1.5);
		r.bool(true);
		LuaValue v = r.result();
		assertThat(v.get(1).todouble()).isEqualTo(7);
		assertThat(v.get(2)).isEqualTo(LuaValue.FALSE);
		assertThat(v.get(3).get("ok").tojstring()).isEqualTo("OK");
		assertThat(v.get(4).get(1).tojstring()).isEqualTo("f");
		assertThat(v.get(4).get(2).tojstring()).isEqualTo("1.5");
		assertThat(v.get(5).todouble()).isEqualTo(1);
		assertThat(r.error()).isNull();
	}

	@Test
	void resp3RepliesKeepTheirTypes() {
		RespToLua r = new RespToLua(3);
		r.array(4);
		r.map(1);
		r.bulk("k");
		r.set(0);
		r.nullBulk();
		r.doubleValue(2.5);
		r.bool(false);
		LuaValue v = r.result();
		assertThat(v.get(1).get("map").get("k").get("set").istable()).isTrue();
		assertThat(v.get(2).isnil()).isTrue();
		assertThat(v.get(3).get("double").todouble()).isEqualTo(2.5);
		assertThat(v.get(4)).isEqualTo(LuaValue.FALSE);
	}

	@Test
	void aTopLevelErrorIsReported() {
		RespToLua r = new RespToLua(2);
		r.error("ERR nope");
		assertThat(r.error()).isEqualTo("ERR nope");
		assertThat(r.result().get("err").tojstring()).isEqualTo("ERR nope");
	}

	@Test
	void luaValuesBecomeReplies() {
		LuaTable t = LuaValue.listOf(new LuaValue[] { LuaValue.valueOf(3.9), LuaValue.valueOf("s"), LuaValue.TRUE,
				LuaValue.FALSE, LuaValue.tableOf(new LuaValue[] { LuaValue.valueOf("ok"), LuaValue.valueOf("fine") }) });
		RecordedReply resp2 = new RecordedReply(2);
		LuaToResp.write(t, 2, resp2);
		StringBuilder seen = new StringBuilder();
		resp2.accept(new TextReply(seen));
		assertThat(seen).hasToString("*5 :3 $s :1 $nil +fine ");
		RecordedReply resp3 = new RecordedReply(3);
		LuaToResp.write(t, 3, resp3);
		StringBuilder seen3 = new StringBuilder();
		resp3.accept(new TextReply(seen3));
		assertThat(seen3).hasToString("*5 :3 $s #t #f +fine ");
	}

	/** A reply that writes a compact text form, to compare conversions. */
	private record TextReply(StringBuilder out) implements io.cachalot.server.protocol.resp.Reply {

		@Override
		public int protocol() {
			return 3;
		}

		@Override
		public void ok() {
			this.out.append("+OK ");
		}

		@Override
		public void simple(String text) {
			this.out.append('+').append(text).append(' ');
		}

		@Override
		public void error(String text) {
			this.out.append('-').append(text).append(' ');
		}

		@Override
		public void integer(long value) {
			this.out.append(':').append(value).append(' ');
		}

		@Override
		public void bulk(byte[] value) {
			this.out.append('$').append(new String(value)).append(' ');
		}

		@Override
		public void bulk(String value) {
			this.out.append('$').append(value).append(' ');
		}

		@Override
		public void nullBulk() {
			this.out.append("$nil ");
		}

		@Override
		public void nullArray() {
			this.out.append("*nil ");
		}

		@Override
		public void array(int length) {
			this.out.append('*').append(length).append(' ');
		}

		@Override
		public void map(int entries) {
			this.out.append('%').append(entries).append(' ');
		}

		@Override
		public void set(int length) {
			this.out.append('~').append(length).append(' ');
		}

		@Override
		public void push(int length) {
			this.out.append('>').append(length).append(' ');
		}

		@Override
		public void doubleValue(double value) {
			this.out.append(',').append(value).append(' ');
		}

		@Override
		public void bool(boolean value) {
			this.out.append(value ? "#t " : "#f ");
		}

		@Override
		public void bigNumber(String digits) {
			this.out.append('(').append(digits).append(' ');
		}

		@Override
		public void verbatim(String text) {
			this.out.append('=').append(text).append(' ');
		}

	}

}
