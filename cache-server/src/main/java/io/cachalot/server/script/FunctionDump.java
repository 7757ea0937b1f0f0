package io.cachalot.server.script;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.command.CommandException;
import io.cachalot.server.store.rdb.DumpPayload;
import io.cachalot.server.store.rdb.RdbInput;
import io.cachalot.server.store.rdb.RdbOutput;

/**
 * FUNCTION DUMP / RESTORE's payload in Redis 7.0's format, so a dump moves between Cachalot
 * and Redis either way: each library as opcode 245 and its code as an RDB string, in the
 * DUMP envelope ({@link DumpPayload}: RDB version 10 and a CRC-64). Reading accepts the RDB
 * string encodings Redis writes (plain, integer, LZF-compressed).
 */
public final class FunctionDump {

	/** RDB's opcode for a function library (Redis 7.0's {@code RDB_OPCODE_FUNCTION2}). */
	public static final int OPCODE_FUNCTION2 = 245;

	private static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";

	private FunctionDump() {
	}

	public static byte[] encode(List<byte[]> libraryCodes) {
		RdbOutput out = new RdbOutput();
		for (byte[] code : libraryCodes) {
			out.write(OPCODE_FUNCTION2);
			out.string(code);
		}
		return DumpPayload.seal(out);
	}

	/** The library codes in a payload; Redis's error when it is damaged or from a newer version. */
	public static List<byte[]> decode(byte[] payload) {
		RdbInput in = DumpPayload.open(payload);
		if (in == null) {
			throw new CommandException(BAD_PAYLOAD);
		}
		List<byte[]> codes = new ArrayList<>();
		try {
			while (!in.atEnd()) {
				if (in.u8() != OPCODE_FUNCTION2) {
					throw new CommandException("ERR given type is not a function");
				}
				codes.add(in.string());
			}
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			throw new CommandException(BAD_PAYLOAD);
		}
		return codes;
	}

}
