package io.cachalot.server.store.type;

/**
 * Redis's geo encoding: longitude and latitude quantized to 26 bits each over
 * [-180, 180] x [-85.05112878, 85.05112878] and interleaved (latitude in the even bits) into a
 * 52-bit sorted-set score; the haversine distance on Redis's earth radius; the standard
 * 11-character base32 geohash GEOHASH replies with.
 */
public final class GeoHash {

	public static final double LON_MIN = -180;

	public static final double LON_MAX = 180;

	public static final double LAT_MIN = -85.05112878;

	public static final double LAT_MAX = 85.05112878;

	private static final int STEP = 26;

	private static final double EARTH_RADIUS_IN_METERS = 6372797.560856;

	private static final String ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

	private GeoHash() {
	}

	public static boolean valid(double lon, double lat) {
		return lon >= LON_MIN && lon <= LON_MAX && lat >= LAT_MIN && lat <= LAT_MAX;
	}

	private static long spread(long v) {
		v &= 0xFFFFFFFFL;
		v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
		v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
		v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
		v = (v | (v << 2)) & 0x3333333333333333L;
		v = (v | (v << 1)) & 0x5555555555555555L;
		return v;
	}

	private static long squash(long v) {
		v &= 0x5555555555555555L;
		v = (v | (v >>> 1)) & 0x3333333333333333L;
		v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
		v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
		v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
		v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
		return v;
	}

	private static long encode(double lon, double lat, double lonMin, double lonMax, double latMin, double latMax) {
		double latOffset = (lat - latMin) / (latMax - latMin) * (1L << STEP);
		double lonOffset = (lon - lonMin) / (lonMax - lonMin) * (1L << STEP);
		return spread((long) latOffset) | (spread((long) lonOffset) << 1);
	}

	/** The 52-bit score of a position (Redis's internal Mercator-bounded grid). */
	public static long encode(double lon, double lat) {
		return encode(lon, lat, LON_MIN, LON_MAX, LAT_MIN, LAT_MAX);
	}

	/** {longitude, latitude} at the centre of the cell a score names. */
	public static double[] decode(long bits) {
		long ilat = squash(bits);
		long ilon = squash(bits >>> 1);
		double latScale = LAT_MAX - LAT_MIN;
		double lonScale = LON_MAX - LON_MIN;
		double latMin = LAT_MIN + (ilat * 1.0 / (1L << STEP)) * latScale;
		double latMax = LAT_MIN + ((ilat + 1) * 1.0 / (1L << STEP)) * latScale;
		double lonMin = LON_MIN + (ilon * 1.0 / (1L << STEP)) * lonScale;
		double lonMax = LON_MIN + ((ilon + 1) * 1.0 / (1L << STEP)) * lonScale;
		double lon = Math.min(LON_MAX, Math.max(LON_MIN, (lonMin + lonMax) / 2));
		double lat = Math.min(LAT_MAX, Math.max(LAT_MIN, (latMin + latMax) / 2));
		return new double[] { lon, lat };
	}

	/** The standard 11-character geohash of a score, as GEOHASH replies. */
	public static String standardHash(long bits) {
		double[] xy = decode(bits);
		long hash = encode(xy[0], xy[1], -180, 180, -90, 90);
		StringBuilder sb = new StringBuilder(11);
		for (int i = 0; i < 11; i++) {
			int idx = (i == 10) ? 0 : (int) ((hash >>> (52 - ((i + 1) * 5))) & 0x1F);
			sb.append(ALPHABET.charAt(idx));
		}
		return sb.toString();
	}

	private static double rad(double deg) {
		return deg * (Math.PI / 180.0);
	}

	public static double latDistance(double lat1, double lat2) {
		return EARTH_RADIUS_IN_METERS * Math.abs(rad(lat2) - rad(lat1));
	}

	/** Haversine distance in meters, as {@code geohashGetDistance}. */
	public static double distance(double lon1, double lat1, double lon2, double lat2) {
		double lon1r = rad(lon1);
		double lon2r = rad(lon2);
		double v = Math.sin((lon2r - lon1r) / 2);
		if (v == 0.0) {
			return latDistance(lat1, lat2);
		}
		double lat1r = rad(lat1);
		double lat2r = rad(lat2);
		double u = Math.sin((lat2r - lat1r) / 2);
		double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
		return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
	}

}
