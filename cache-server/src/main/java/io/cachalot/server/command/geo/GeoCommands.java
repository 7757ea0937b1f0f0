package io.cachalot.server.command.geo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.cachalot.server.command.CommandContext;
import io.cachalot.server.command.CommandException;
import io.cachalot.server.command.CommandFamily;
import io.cachalot.server.command.CommandTable.Binder;
import io.cachalot.server.protocol.resp.Reply;
import io.cachalot.server.store.Db;
import io.cachalot.server.store.type.EncodingLimits;
import io.cachalot.server.store.type.GeoHash;
import io.cachalot.server.store.type.ZSetValue;
import io.cachalot.server.store.type.ZSetValue.Entry;
import io.cachalot.server.util.Doubles;
import io.cachalot.server.util.Numbers;

/**
 * Geo commands on sorted sets whose scores are 52-bit geohashes ({@link GeoHash}). Searches
 * test every member of the set against the exact distance (or box) predicate Redis applies
 * to its candidate cells, so they select the same members; without ASC, DESC or COUNT the
 * order is the set's (Redis's is the order of its cells: both are "unsorted").
 */
public final class GeoCommands implements CommandFamily {

	private enum Sort {

		NONE, ASC, DESC

	}

	/** A parsed search: centre, shape (radius or box, in meters), options. */
	private static final class Search {

		byte[] fromMember;

		double lon;

		double lat;

		boolean fromLonLat;

		boolean byRadius;

		boolean byBox;

		double radius;

		double width;

		double height;

		double unit = 1;

		Sort sort = Sort.NONE;

		long count;

		boolean any;

		boolean withDist;

		boolean withHash;

		boolean withCoord;

		byte[] store;

		boolean storeDist;

	}

	private record Hit(byte[] member, double dist, long hash, double[] xy) {
	}

	@Override
	public void register(Binder b) {
		b.handle("geoadd", this::geoadd);
		b.handle("geodist", this::geodist);
		b.handle("geohash", ctx -> {
			ZSetValue z = ctx.db().readTyped(ctx.key(1), ZSetValue.class);
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				Double score = (z != null) ? z.score(ctx.arg(i)) : null;
				if (score == null) {
					ctx.reply().nullBulk();
				}
				else {
					ctx.reply().bulk(GeoHash.standardHash((long) (double) score));
				}
			}
		});
		b.handle("geopos", ctx -> {
			ZSetValue z = ctx.db().readTyped(ctx.key(1), ZSetValue.class);
			ctx.reply().array(ctx.argc() - 2);
			for (int i = 2; i < ctx.argc(); i++) {
				Double score = (z != null) ? z.score(ctx.arg(i)) : null;
				if (score == null) {
					ctx.reply().nullArray();
				}
				else {
					double[] xy = GeoHash.decode((long) (double) score);
					ctx.reply().array(2);
					ctx.reply().bulk(human(xy[0]));
					ctx.reply().bulk(human(xy[1]));
				}
			}
		});
		// the source is type-checked before any argument is parsed, as Redis does
		b.handle("georadius", ctx -> search(ctx, source(ctx, 1), parseRadius(ctx, false, false)));
		b.handle("georadius_ro", ctx -> search(ctx, source(ctx, 1), parseRadius(ctx, false, true)));
		b.handle("georadiusbymember", ctx -> search(ctx, source(ctx, 1), parseRadius(ctx, true, false)));
		b.handle("georadiusbymember_ro", ctx -> search(ctx, source(ctx, 1), parseRadius(ctx, true, true)));
		b.handle("geosearch", ctx -> search(ctx, source(ctx, 1), parseSearch(ctx, 2, false)));
		b.handle("geosearchstore", ctx -> search(ctx, source(ctx, 2), parseSearch(ctx, 3, true)));
	}

	/** Coordinates as Redis prints them: long double, 17 decimals, trailing zeros removed. */
	private static String human(double v) {
		return Doubles.formatLongDoubleHuman(new BigDecimal(v));
	}

	private static double coordinate(CommandContext ctx, int i) {
		try {
			return Numbers.parseDouble(ctx.arg(i));
		}
		catch (NumberFormatException ex) {
			throw new CommandException(CommandException.NOT_FLOAT);
		}
	}

	private static void checkPair(double lon, double lat) {
		if (!GeoHash.valid(lon, lat)) {
			throw new CommandException(String.format(Locale.ROOT, "ERR invalid longitude,latitude pair %f,%f", lon, lat));
		}
	}

	private static double unit(CommandContext ctx, int i) {
		return switch (ctx.string(i).toLowerCase(Locale.ROOT)) {
			case "m" -> 1;
			case "km" -> 1000;
			case "ft" -> 0.3048;
			case "mi" -> 1609.34;
			default -> throw new CommandException("ERR unsupported unit provided. please use M, KM, FT, MI");
		};
	}

	private static double distanceArg(CommandContext ctx, int i) {
		double d;
		try {
			d = Numbers.parseDouble(ctx.arg(i));
		}
		catch (NumberFormatException ex) {
			throw new CommandException("ERR need numeric radius");
		}
		if (d < 0) {
			throw new CommandException("ERR radius cannot be negative");
		}
		return d;
	}

	private static double boxSide(CommandContext ctx, int i) {
		try {
			return Numbers.parseDouble(ctx.arg(i));
		}
		catch (NumberFormatException ex) {
			throw new CommandException(CommandException.NOT_FLOAT);
		}
	}

	private void geoadd(CommandContext ctx) {
		boolean nx = false;
		boolean xx = false;
		boolean ch = false;
		int i = 2;
		for (; i < ctx.argc(); i++) {
			if (ctx.is(i, "NX")) {
				nx = true;
			}
			else if (ctx.is(i, "XX")) {
				xx = true;
			}
			else if (ctx.is(i, "CH")) {
				ch = true;
			}
			else {
				break;
			}
		}
		if ((ctx.argc() - i) % 3 != 0 || (nx && xx)) {
			throw CommandException.syntax();
		}
		int first = i;
		long[] scores = new long[(ctx.argc() - first) / 3];
		for (int p = 0; p < scores.length; p++) {
			double lon = coordinate(ctx, first + p * 3);
			double lat = coordinate(ctx, first + p * 3 + 1);
			checkPair(lon, lat);
			scores[p] = GeoHash.encode(lon, lat);
		}
		boolean fNx = nx;
		boolean fXx = xx;
		long[] counts = new long[2];
		ctx.db().update(ctx.key(1), ZSetValue.class, fXx ? null : () -> new ZSetValue(ctx.server().encodingLimits()), z -> {
			for (int p = 0; z != null && p < scores.length; p++) {
				byte[] member = ctx.arg(first + p * 3 + 2);
				Double current = z.score(member);
				if ((current != null && fNx) || (current == null && fXx)) {
					continue;
				}
				if (current == null) {
					counts[0]++;
				}
				else if (current != scores[p]) {
					counts[1]++;
				}
				z.put(member, scores[p]);
			}
			return null;
		});
		ctx.reply().integer(ch ? counts[0] + counts[1] : counts[0]);
	}

	private void geodist(CommandContext ctx) {
		double unit = (ctx.argc() == 5) ? unit(ctx, 4) : 1;
		if (ctx.argc() > 5) {
			throw CommandException.syntax();
		}
		ZSetValue z = ctx.db().readTyped(ctx.key(1), ZSetValue.class);
		Double a = (z != null) ? z.score(ctx.arg(2)) : null;
		Double b = (z != null) ? z.score(ctx.arg(3)) : null;
		if (a == null || b == null) {
			ctx.reply().nullBulk();
			return;
		}
		double[] p1 = GeoHash.decode((long) (double) a);
		double[] p2 = GeoHash.decode((long) (double) b);
		ctx.reply().bulk(String.format(Locale.ROOT, "%.4f", GeoHash.distance(p1[0], p1[1], p2[0], p2[1]) / unit));
	}

	private static Search parseRadius(CommandContext ctx, boolean byMember, boolean readOnly) {
		Search s = new Search();
		int i;
		if (byMember) {
			s.fromMember = ctx.arg(2);
			i = 3;
		}
		else {
			s.lon = coordinate(ctx, 2);
			s.lat = coordinate(ctx, 3);
			checkPair(s.lon, s.lat);
			s.fromLonLat = true;
			i = 4;
		}
		s.byRadius = true;
		s.radius = distanceArg(ctx, i);
		s.unit = unit(ctx, i + 1);
		s.radius *= s.unit;
		parseOptions(ctx, s, i + 2, false, !readOnly);
		return s;
	}

	private static Search parseSearch(CommandContext ctx, int from, boolean store) {
		Search s = new Search();
		if (store) {
			s.store = ctx.key(1);
		}
		parseOptions(ctx, s, from, true, store);
		return s;
	}

	private static void parseOptions(CommandContext ctx, Search s, int from, boolean search, boolean storeAllowed) {
		for (int i = from; i < ctx.argc(); i++) {
			if (ctx.is(i, "WITHDIST")) {
				s.withDist = true;
			}
			else if (ctx.is(i, "WITHHASH")) {
				s.withHash = true;
			}
			else if (ctx.is(i, "WITHCOORD")) {
				s.withCoord = true;
			}
			else if (ctx.is(i, "ANY")) {
				s.any = true;
			}
			else if (ctx.is(i, "ASC")) {
				s.sort = Sort.ASC;
			}
			else if (ctx.is(i, "DESC")) {
				s.sort = Sort.DESC;
			}
			else if (ctx.is(i, "COUNT") && i + 1 < ctx.argc()) {
				s.count = ctx.longArg(++i);
				if (s.count <= 0) {
					throw new CommandException("ERR COUNT must be > 0");
				}
			}
			else if (!search && storeAllowed && ctx.is(i, "STORE") && i + 1 < ctx.argc()) {
				s.store = ctx.key(++i);
				s.storeDist = false;
			}
			else if (!search && storeAllowed && ctx.is(i, "STOREDIST") && i + 1 < ctx.argc()) {
				s.store = ctx.key(++i);
				s.storeDist = true;
			}
			else if (search && storeAllowed && ctx.is(i, "STOREDIST")) {
				s.storeDist = true;
			}
			else if (search && ctx.is(i, "FROMMEMBER") && i + 1 < ctx.argc()) {
				if (s.fromMember != null || s.fromLonLat) {
					throw CommandException.syntax();
				}
				s.fromMember = ctx.arg(++i);
			}
			else if (search && ctx.is(i, "FROMLONLAT") && i + 2 < ctx.argc()) {
				if (s.fromMember != null || s.fromLonLat) {
					throw CommandException.syntax();
				}
				s.lon = coordinate(ctx, i + 1);
				s.lat = coordinate(ctx, i + 2);
				checkPair(s.lon, s.lat);
				s.fromLonLat = true;
				i += 2;
			}
			else if (search && ctx.is(i, "BYRADIUS") && i + 2 < ctx.argc()) {
				if (s.byRadius || s.byBox) {
					throw CommandException.syntax();
				}
				s.radius = distanceArg(ctx, i + 1);
				s.unit = unit(ctx, i + 2);
				s.radius *= s.unit;
				s.byRadius = true;
				i += 2;
			}
			else if (search && ctx.is(i, "BYBOX") && i + 3 < ctx.argc()) {
				if (s.byRadius || s.byBox) {
					throw CommandException.syntax();
				}
				s.width = boxSide(ctx, i + 1);
				s.height = boxSide(ctx, i + 2);
				if (s.width < 0 || s.height < 0) {
					throw new CommandException("ERR height or width cannot be negative");
				}
				s.unit = unit(ctx, i + 3);
				s.width *= s.unit;
				s.height *= s.unit;
				s.byBox = true;
				i += 3;
			}
			else {
				throw CommandException.syntax();
			}
		}
		// Redis's order of checks
		if (s.store != null && (s.withDist || s.withHash || s.withCoord)) {
			throw new CommandException("ERR " + (search ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
					+ " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
		}
		String name = ctx.string(0);
		if (search && s.fromMember == null && !s.fromLonLat) {
			throw new CommandException("ERR exactly one of FROMMEMBER or FROMLONLAT can be provided for " + name);
		}
		if (search && !s.byRadius && !s.byBox) {
			throw new CommandException("ERR exactly one of BYRADIUS and BYBOX arguments must be provided for " + name);
		}
		if (s.any && s.count == 0) {
			throw new CommandException("ERR the ANY argument requires COUNT argument");
		}
	}

	private static ZSetValue source(CommandContext ctx, int index) {
		return ctx.db().readTyped(ctx.key(index), ZSetValue.class);
	}

	private void search(CommandContext ctx, ZSetValue z, Search s) {
		Db db = ctx.db();
		List<Hit> hits = new ArrayList<>();
		if (z != null) {
			if (s.fromMember != null) {
				Double score = z.score(s.fromMember);
				if (score == null) {
					throw new CommandException("ERR could not decode requested zset member");
				}
				double[] xy = GeoHash.decode((long) (double) score);
				s.lon = xy[0];
				s.lat = xy[1];
			}
			for (Entry e : z.entries()) {
				long hash = (long) e.score();
				double[] xy = GeoHash.decode(hash);
				double dist = within(s, xy);
				if (dist >= 0) {
					hits.add(new Hit(e.member(), dist, hash, xy));
				}
			}
		}
		Sort sort = s.sort;
		if (s.count > 0 && sort == Sort.NONE && !s.any) {
			sort = Sort.ASC;
		}
		if (sort == Sort.ASC) {
			hits.sort(Comparator.comparingDouble(Hit::dist));
		}
		else if (sort == Sort.DESC) {
			hits.sort(Comparator.comparingDouble(Hit::dist).reversed());
		}
		if (s.count > 0 && hits.size() > s.count) {
			hits = new ArrayList<>(hits.subList(0, (int) s.count));
		}
		if (s.store != null) {
			store(db, ctx.server().encodingLimits(), s, hits);
			ctx.reply().integer(hits.size());
			return;
		}
		reply(ctx.reply(), s, hits);
	}

	/** Distance from the centre when the point is inside the shape, else -1. */
	private static double within(Search s, double[] xy) {
		if (s.byRadius) {
			double d = GeoHash.distance(s.lon, s.lat, xy[0], xy[1]);
			return (d <= s.radius) ? d / s.unit : -1;
		}
		if (GeoHash.latDistance(xy[1], s.lat) > s.height / 2) {
			return -1;
		}
		if (GeoHash.distance(xy[0], s.lat, s.lon, s.lat) > s.width / 2) {
			return -1;
		}
		return GeoHash.distance(s.lon, s.lat, xy[0], xy[1]) / s.unit;
	}

	private static void store(Db db, EncodingLimits limits, Search s, List<Hit> hits) {
		db.delete(s.store);
		if (hits.isEmpty()) {
			return;
		}
		ZSetValue result = new ZSetValue(limits);
		for (Hit h : hits) {
			result.put(h.member(), s.storeDist ? h.dist() : h.hash());
		}
		db.put(s.store, result, 0);
	}

	private static void reply(Reply reply, Search s, List<Hit> hits) {
		int extras = (s.withDist ? 1 : 0) + (s.withHash ? 1 : 0) + (s.withCoord ? 1 : 0);
		reply.array(hits.size());
		for (Hit h : hits) {
			if (extras == 0) {
				reply.bulk(h.member());
				continue;
			}
			reply.array(1 + extras);
			reply.bulk(h.member());
			if (s.withDist) {
				reply.bulk(String.format(Locale.ROOT, "%.4f", h.dist()));
			}
			if (s.withHash) {
				reply.integer(h.hash());
			}
			if (s.withCoord) {
				reply.array(2);
				reply.bulk(human(h.xy()[0]));
				reply.bulk(human(h.xy()[1]));
			}
		}
	}

}
