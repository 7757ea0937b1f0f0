package io.cachalot.server.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads back a reply as {@link RespClient} renders it ({@code *2[$1:a,:1]}) to put the parts
 * whose order Redis leaves to its dict's per-process random seed in a fixed order, so that
 * transcripts can still be compared exactly everywhere else.
 */
final class RenderedReplies {

	private RenderedReplies() {
	}

	/** FUNCTION LIST with each library's functions sorted (Redis lists them in dict order). */
	static String sortFunctionLists(String rendered) {
		Node root = new Parser(rendered).node();
		root.sortValuesOf("functions");
		return root.toString();
	}

	/** An aggregate ({@code head} like {@code *3}) with children, or a scalar token. */
	private record Node(String head, List<Node> children) {

		void sortValuesOf(String key) {
			if (this.children == null) {
				return;
			}
			for (int i = 0; i + 1 < this.children.size(); i++) {
				Node child = this.children.get(i);
				Node next = this.children.get(i + 1);
				if (child.children == null && child.head.endsWith(":" + key) && next.children != null) {
					next.children.sort((a, b) -> a.toString().compareTo(b.toString()));
				}
			}
			this.children.forEach(c -> c.sortValuesOf(key));
		}

		@Override
		public String toString() {
			if (this.children == null) {
				return this.head;
			}
			StringBuilder sb = new StringBuilder(this.head).append('[');
			for (int i = 0; i < this.children.size(); i++) {
				sb.append((i > 0) ? "," : "").append(this.children.get(i));
			}
			return sb.append(']').toString();
		}

	}

	private static final class Parser {

		private final String text;

		private int at;

		Parser(String text) {
			this.text = text;
		}

		Node node() {
			char type = this.text.charAt(this.at);
			if (type == '*' || type == '%' || type == '~' || type == '>') {
				int open = this.text.indexOf('[', this.at);
				String head = this.text.substring(this.at, open);
				this.at = open + 1;
				List<Node> children = new ArrayList<>();
				while (this.text.charAt(this.at) != ']') {
					children.add(node());
					if (this.text.charAt(this.at) == ',') {
						this.at++;
					}
				}
				this.at++;
				return new Node(head, children);
			}
			int colon = this.text.indexOf(':', this.at);
			if ((type == '$' || type == '=') && !this.text.startsWith("$-1", this.at)) {
				// a bulk string carries its length: its text may hold commas and brackets
				int length = Integer.parseInt(this.text.substring(this.at + 1, colon));
				String token = this.text.substring(this.at, colon + 1 + length);
				this.at = colon + 1 + length;
				return new Node(token, null);
			}
			int end = this.at;
			while (end < this.text.length() && this.text.charAt(end) != ',' && this.text.charAt(end) != ']') {
				end++;
			}
			String token = this.text.substring(this.at, end);
			this.at = end;
			return new Node(token, null);
		}

	}

}
