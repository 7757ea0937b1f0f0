package io.cachalot.server.command.notify;

import java.util.ArrayList;
import java.util.List;

import io.cachalot.server.protocol.resp.CommandArgs;

/**
 * Events of commands whose keys get different events, in Redis's order: RENAME
 * (rename_from, rename_to), COPY (copy_to), MOVE (move_from, move_to in the other database),
 * SMOVE (srem [, del], sadd), the LMOVE family (the push on the destination first, then the
 * pop [, del]), LMPOP / ZMPOP and their blocking forms (the pop by direction [, del]) and
 * GETEX (expire or persist). Commands not handled here use the event table.
 */
final class MultiKeyEvents {

	/** One notification to send. */
	record Emit(int classBit, String event, int db, byte[] key) {
	}

	/** What a changed key looked like after the command: its database, and whether it was deleted. */
	record Touched(int db, boolean deleted) {
	}

	/** Finds how the command left a key (null: untouched). */
	@FunctionalInterface
	interface Changes {

		Touched of(byte[] key);

	}

	private MultiKeyEvents() {
	}

	/** The events for {@code name}, or null when the table applies. */
	static List<Emit> resolve(String name, CommandArgs args, int db, Changes changes, List<Integer> otherDbs) {
		List<Emit> out = new ArrayList<>();
		switch (name) {
			case "rename", "renamenx" -> {
				if (changes.of(args.bytes(2)) != null) {
					out.add(new Emit(NotifyFlags.GENERIC, "rename_from", db, args.bytes(1)));
					out.add(new Emit(NotifyFlags.GENERIC, "rename_to", db, args.bytes(2)));
				}
			}
			case "copy" -> {
				Touched dst = changes.of(args.bytes(2));
				if (dst != null) {
					out.add(new Emit(NotifyFlags.GENERIC, "copy_to", dst.db(), args.bytes(2)));
				}
			}
			case "move" -> {
				if (!otherDbs.isEmpty()) {
					out.add(new Emit(NotifyFlags.GENERIC, "move_from", db, args.bytes(1)));
					out.add(new Emit(NotifyFlags.GENERIC, "move_to", otherDbs.get(0), args.bytes(1)));
				}
			}
			case "smove" -> {
				Touched src = changes.of(args.bytes(1));
				if (src != null) {
					out.add(new Emit(NotifyFlags.SET, "srem", db, args.bytes(1)));
					if (src.deleted()) {
						out.add(new Emit(NotifyFlags.GENERIC, "del", db, args.bytes(1)));
					}
					out.add(new Emit(NotifyFlags.SET, "sadd", db, args.bytes(2)));
				}
			}
			case "lmove", "blmove", "rpoplpush", "brpoplpush" -> {
				boolean classic = name.endsWith("rpoplpush");
				boolean fromLeft = !classic && args.is(3, "LEFT");
				boolean toLeft = classic || args.is(4, "LEFT");
				Touched src = changes.of(args.bytes(1));
				if (src != null) {
					out.add(new Emit(NotifyFlags.LIST, toLeft ? "lpush" : "rpush", db, args.bytes(2)));
					out.add(new Emit(NotifyFlags.LIST, fromLeft ? "lpop" : "rpop", db, args.bytes(1)));
					if (src.deleted()) {
						out.add(new Emit(NotifyFlags.GENERIC, "del", db, args.bytes(1)));
					}
				}
			}
			case "lmpop", "blmpop", "zmpop", "bzmpop" -> {
				boolean list = name.endsWith("lmpop");
				String event = list ? (hasToken(args, "LEFT") ? "lpop" : "rpop")
						: (hasToken(args, "MIN") ? "zpopmin" : "zpopmax");
				for (int i = 1; i < args.count(); i++) {
					Touched t = changes.of(args.bytes(i));
					if (t != null) {
						out.add(new Emit(list ? NotifyFlags.LIST : NotifyFlags.ZSET, event, db, args.bytes(i)));
						if (t.deleted()) {
							out.add(new Emit(NotifyFlags.GENERIC, "del", db, args.bytes(i)));
						}
						break;
					}
				}
			}
			case "getex" -> {
				if (changes.of(args.bytes(1)) != null) {
					out.add(new Emit(NotifyFlags.GENERIC, hasToken(args, "PERSIST") ? "persist" : "expire", db, args.bytes(1)));
				}
			}
			default -> {
				return null;
			}
		}
		return out;
	}

	private static boolean hasToken(CommandArgs args, String token) {
		for (int i = 1; i < args.count(); i++) {
			if (args.is(i, token)) {
				return true;
			}
		}
		return false;
	}

}
