package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a list of raw memcached requests on one connection and records each reply, so the
 * same script can run against Cachalot's memcached engine and a real memcached and the
 * transcripts be compared. CAS values are server-specific numbers: the transcript names them
 * in order of first appearance ({@code <cas1>}, {@code <cas2>}, ...), which keeps "the same
 * value" and "a new value" comparable, and {@code ${cas}} in a request is replaced by the
 * last CAS value that connection saw.
 */
final class McTranscript {

	private static final Pattern VALUE_CAS = Pattern.compile("(?m)^(VALUE \\S+ \\d+ \\d+) (\\d+)(?=\\r\\n)");

	private static final Pattern META_CAS = Pattern.compile("(?m)(^(?:HD|VA|EX|NS|NF)\\b[^\\r]*? c)(\\d+)");

	private static final Pattern DEBUG_CAS = Pattern.compile("(cas=)(\\d+)");

	private McTranscript() {
	}

	static List<String> run(int port, List<String> requests) {
		List<String> transcript = new ArrayList<>();
		Map<String, String> names = new LinkedHashMap<>();
		String lastCas = "0";
		try (McClient client = new McClient(port)) {
			client.call("flush_all\r\n");
			for (String request : requests) {
				String reply = client.call(request.replace("${cas}", lastCas));
				String cas = lastCasIn(reply);
				if (cas != null) {
					lastCas = cas;
				}
				transcript.add(request.replace("\r\n", "\\r\\n") + " -> " + nameCas(reply, names).replace("\r\n", "\\r\\n"));
			}
		}
		return transcript;
	}

	private static String lastCasIn(String reply) {
		String found = null;
		for (Pattern p : new Pattern[] { VALUE_CAS, META_CAS, DEBUG_CAS }) {
			Matcher m = p.matcher(reply);
			while (m.find()) {
				found = m.group(2);
			}
		}
		return found;
	}

	private static String nameCas(String reply, Map<String, String> names) {
		String out = reply;
		for (Pattern p : new Pattern[] { VALUE_CAS, META_CAS, DEBUG_CAS }) {
			Matcher m = p.matcher(out);
			StringBuilder sb = new StringBuilder();
			while (m.find()) {
				String name = names.computeIfAbsent(m.group(2), v -> "<cas" + (names.size() + 1) + ">");
				m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (p == VALUE_CAS ? " " : "") + name));
			}
			m.appendTail(sb);
			out = sb.toString();
		}
		return out;
	}

}
