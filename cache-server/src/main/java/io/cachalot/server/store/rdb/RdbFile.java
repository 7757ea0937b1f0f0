package io.cachalot.server.store.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.store.KeyspaceSnapshot;
import io.cachalot.server.store.type.EncodingLimits;

/**
 * The RDB file format of Redis 7.0 (version 10): {@code REDIS0010}, auxiliary fields, the
 * function libraries (opcode 245), then per database a SELECTDB and RESIZEDB opcode and its
 * keys — an optional expiry in milliseconds, the value's type byte, the key, the value
 * ({@link ValueCodec}) — and finally EOF and the CRC-64 of everything before it.
 *
 * <p>Writing streams a {@link KeyspaceSnapshot}, so writers never wait for it. Reading takes
 * what Redis 7.0 writes (and older versions back to 5's opcodes) with the value encodings
 * {@link ValueCodec} reads; keys whose expiry has passed are skipped, as a primary does.
 */
public final class RdbFile {

	static final int OPCODE_FUNCTION2 = 245;

	static final int OPCODE_MODULE_AUX = 247;

	static final int OPCODE_IDLE = 248;

	static final int OPCODE_FREQ = 249;

	static final int OPCODE_AUX = 250;

	static final int OPCODE_RESIZEDB = 251;

	static final int OPCODE_EXPIRETIME_MS = 252;

	static final int OPCODE_EXPIRETIME = 253;

	static final int OPCODE_SELECTDB = 254;

	static final int OPCODE_EOF = 255;

	private RdbFile() {
	}

	/** A key as read from a file. */
	public record Entry(int db, byte[] key, Object value, long expireAt) {
	}

	/** An entry's memcached client flags. */
	public record ClientFlags(int db, byte[] key, int flags) {
	}

	/**
	 * What a file holds: its keys (expired ones left out), its function libraries, and the
	 * memcached client flags of keys that have some.
	 */
	public record Contents(List<Entry> entries, List<byte[]> libraries, List<ClientFlags> clientFlags) {
	}

	/**
	 * The auxiliary field that carries memcached client flags, which Redis's format has no place
	 * for: Redis skips auxiliary fields it does not know, so the file stays Redis's.
	 */
	static final String CLIENT_FLAGS_AUX = "cachalot-memcached-flags";

	/** A file that cannot be loaded. */
	public static final class FormatException extends Exception {

		private static final long serialVersionUID = 1L;

		FormatException(String message) {
			super(message);
		}

	}

	// ---- writing ---------------------------------------------------------------------------

	/**
	 * Writes the snapshot as of {@code nowMillis} (keys expired by then are left out), with the
	 * given library codes and auxiliary fields, to {@code out}; returns the keys written.
	 */
	public static long write(KeyspaceSnapshot snapshot, List<byte[]> libraries, List<String[]> aux, long nowMillis,
			OutputStream out) throws IOException {
		ChecksummedOutput file = new ChecksummedOutput(out);
		file.bytes("REDIS".getBytes(StandardCharsets.US_ASCII));
		file.bytes(String.format("%04d", DumpPayload.RDB_VERSION).getBytes(StandardCharsets.US_ASCII));
		for (String[] field : aux) {
			RdbOutput o = new RdbOutput();
			o.write(OPCODE_AUX);
			o.string(field[0].getBytes(StandardCharsets.UTF_8));
			o.string(field[1].getBytes(StandardCharsets.UTF_8));
			file.bytes(o.toByteArray());
		}
		for (byte[] code : libraries) {
			RdbOutput o = new RdbOutput();
			o.write(OPCODE_FUNCTION2);
			o.string(code);
			file.bytes(o.toByteArray());
		}
		long[] written = { 0 };
		int[] currentDb = { -1 };
		IOException[] failure = { null };
		snapshot.forEach(nowMillis, (db, key, value, expireAt) -> {
			if (failure[0] != null) {
				return;
			}
			RdbOutput o = new RdbOutput();
			if (db != currentDb[0]) {
				currentDb[0] = db;
				o.write(OPCODE_SELECTDB);
				o.length(db);
				o.write(OPCODE_RESIZEDB);
				o.length(snapshot.size(db));
				o.length(snapshot.volatileSize(db));
			}
			if (expireAt != 0) {
				o.write(OPCODE_EXPIRETIME_MS);
				for (int i = 0; i < 8; i++) {
					o.write((int) (expireAt >>> (8 * i)) & 0xFF);
				}
			}
			RdbOutput v = new RdbOutput();
			try {
				ValueCodec.writeValue(v, value);
			}
			catch (IllegalArgumentException ex) {
				// a type not serializable yet (streams): left out of the file, said in the log
				System.getLogger(RdbFile.class.getName())
					.log(System.Logger.Level.WARNING, "Not saved, " + ex.getMessage() + ": "
							+ new String(key, StandardCharsets.UTF_8));
				return;
			}
			byte[] valueBytes = v.toByteArray();
			o.write(valueBytes[0]);
			o.string(key);
			o.write(valueBytes, 1, valueBytes.length - 1);
			try {
				file.bytes(o.toByteArray());
				written[0]++;
			}
			catch (IOException ex) {
				failure[0] = ex;
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		RdbOutput flags = new RdbOutput();
		snapshot.forEachClientFlags(nowMillis, (db, key, clientFlags) -> {
			flags.length(db);
			flags.string(key);
			flags.length(clientFlags & 0xFFFFFFFFL);
		});
		if (flags.size() > 0) {
			RdbOutput o = new RdbOutput();
			o.write(OPCODE_AUX);
			o.string(CLIENT_FLAGS_AUX.getBytes(StandardCharsets.US_ASCII));
			o.string(flags.toByteArray());
			file.bytes(o.toByteArray());
		}
		file.bytes(new byte[] { (byte) OPCODE_EOF });
		long crc = file.crc();
		byte[] footer = new byte[8];
		for (int i = 0; i < 8; i++) {
			footer[i] = (byte) (crc >>> (8 * i));
		}
		out.write(footer);
		out.flush();
		return written[0];
	}

	/** Passes bytes on and keeps the CRC-64 of everything written. */
	private static final class ChecksummedOutput {

		private final OutputStream out;

		private long crc;

		ChecksummedOutput(OutputStream out) {
			this.out = out;
		}

		void bytes(byte[] b) throws IOException {
			this.crc = Crc64.update(this.crc, b, 0, b.length);
			this.out.write(b);
		}

		long crc() {
			return this.crc;
		}

	}

	// ---- reading ---------------------------------------------------------------------------

	/** The contents of a whole file; keys expired at {@code nowMillis} are left out. */
	public static Contents read(byte[] file, int databases, EncodingLimits limits, long nowMillis)
			throws FormatException {
		if (file.length < 9 || !new String(file, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
			throw new FormatException("Wrong signature trying to load DB from file");
		}
		int version;
		try {
			version = Integer.parseInt(new String(file, 5, 4, StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			throw new FormatException("Wrong signature trying to load DB from file");
		}
		if (version < 1 || version > DumpPayload.RDB_VERSION) {
			throw new FormatException("Can't handle RDB format version " + version);
		}
		RdbInput in = new RdbInput(file, file.length);
		in.skip(9);
		List<Entry> entries = new ArrayList<>();
		List<byte[]> libraries = new ArrayList<>();
		List<ClientFlags> clientFlags = new ArrayList<>();
		int db = 0;
		long expireAt = 0;
		try {
			while (true) {
				int type = in.u8();
				switch (type) {
					case OPCODE_EOF -> {
						verifyChecksum(file, in, version);
						return new Contents(entries, libraries, clientFlags);
					}
					case OPCODE_SELECTDB -> {
						long index = in.length();
						if (index >= databases) {
							throw new FormatException("FATAL: Data file was created with a Redis server configured to handle more than "
									+ databases + " databases. Exiting");
						}
						db = (int) index;
					}
					case OPCODE_RESIZEDB -> {
						in.length();
						in.length();
					}
					case OPCODE_AUX -> {
						String name = new String(in.string(), StandardCharsets.US_ASCII);
						byte[] value = in.string();
						if (name.equals(CLIENT_FLAGS_AUX)) {
							RdbInput flags = new RdbInput(value, value.length);
							while (!flags.atEnd()) {
								clientFlags.add(new ClientFlags((int) flags.length(), flags.string(), (int) flags.length()));
							}
						}
					}
					case OPCODE_EXPIRETIME_MS -> expireAt = in.littleEndian(8);
					case OPCODE_EXPIRETIME -> expireAt = in.littleEndian(4) * 1000;
					case OPCODE_IDLE -> in.length();
					case OPCODE_FREQ -> in.u8();
					case OPCODE_FUNCTION2 -> libraries.add(in.string());
					case OPCODE_MODULE_AUX -> throw new FormatException("The RDB file contains module data: modules are not supported");
					default -> {
						byte[] key = in.string();
						Object value = ValueCodec.readValue(in, type, limits);
						if (expireAt == 0 || expireAt > nowMillis) {
							entries.add(new Entry(db, key, value, expireAt));
						}
						expireAt = 0;
					}
				}
			}
		}
		catch (ValueCodec.FormatException ex) {
			throw new FormatException("Bad data format in the RDB file: " + ex.getMessage());
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
			throw new FormatException("Short read or bad data format in the RDB file");
		}
	}

	private static void verifyChecksum(byte[] file, RdbInput in, int version) throws FormatException {
		if (version < 5) {
			return;
		}
		int body = in.position();
		long expected = in.littleEndian(8);
		// 0: written with rdbchecksum off
		if (expected != 0 && expected != Crc64.update(0, file, 0, body)) {
			throw new FormatException("Wrong RDB checksum");
		}
	}

}
