package io.cachalot.server.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.cachalot.server.protocol.resp.Reply;

/**
 * A reply written on the script thread and replayed, in order, into the connection's real
 * reply on its event loop (which owns the output buffer).
 */
final class RecordedReply implements Reply, Consumer<Reply> {

	private final int protocol;

	private final List<Consumer<Reply>> steps = new ArrayList<>();

	RecordedReply(int protocol) {
		this.protocol = protocol;
	}

	@Override
	public void accept(Reply target) {
		for (Consumer<Reply> step : this.steps) {
			step.accept(target);
		}
	}

	@Override
	public int protocol() {
		return this.protocol;
	}

	@Override
	public void ok() {
		this.steps.add(Reply::ok);
	}

	@Override
	public void simple(String text) {
		this.steps.add(r -> r.simple(text));
	}

	@Override
	public void error(String text) {
		this.steps.add(r -> r.error(text));
	}

	@Override
	public void integer(long value) {
		this.steps.add(r -> r.integer(value));
	}

	@Override
	public void bulk(byte[] value) {
		this.steps.add(r -> r.bulk(value));
	}

	@Override
	public void bulk(String value) {
		this.steps.add(r -> r.bulk(value));
	}

	@Override
	public void nullBulk() {
		this.steps.add(Reply::nullBulk);
	}

	@Override
	public void nullArray() {
		this.steps.add(Reply::nullArray);
	}

	@Override
	public void array(int length) {
		this.steps.add(r -> r.array(length));
	}

	@Override
	public void map(int entries) {
		this.steps.add(r -> r.map(entries));
	}

	@Override
	public void set(int length) {
		this.steps.add(r -> r.set(length));
	}

	@Override
	public void push(int length) {
		this.steps.add(r -> r.push(length));
	}

	@Override
	public void doubleValue(double value) {
		this.steps.add(r -> r.doubleValue(value));
	}

	@Override
	public void bool(boolean value) {
		this.steps.add(r -> r.bool(value));
	}

	@Override
	public void bigNumber(String digits) {
		this.steps.add(r -> r.bigNumber(digits));
	}

	@Override
	public void verbatim(String text) {
		this.steps.add(r -> r.verbatim(text));
	}

}
