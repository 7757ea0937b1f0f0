package io.cachalot.server.memcached;

import java.util.concurrent.atomic.LongAdder;

/**
 * The memcached engine's counters, named as memcached's {@code stats} names them. Connections
 * of every event loop add to them; {@code stats reset} zeroes them.
 */
public final class McStats {

	final LongAdder currConnections = new LongAdder();

	final LongAdder totalConnections = new LongAdder();

	final LongAdder rejectedConnections = new LongAdder();

	final LongAdder cmdGet = new LongAdder();

	final LongAdder cmdSet = new LongAdder();

	final LongAdder cmdFlush = new LongAdder();

	final LongAdder cmdTouch = new LongAdder();

	final LongAdder cmdMeta = new LongAdder();

	final LongAdder getHits = new LongAdder();

	final LongAdder getMisses = new LongAdder();

	final LongAdder deleteHits = new LongAdder();

	final LongAdder deleteMisses = new LongAdder();

	final LongAdder incrHits = new LongAdder();

	final LongAdder incrMisses = new LongAdder();

	final LongAdder decrHits = new LongAdder();

	final LongAdder decrMisses = new LongAdder();

	final LongAdder casHits = new LongAdder();

	final LongAdder casMisses = new LongAdder();

	final LongAdder casBadval = new LongAdder();

	final LongAdder touchHits = new LongAdder();

	final LongAdder touchMisses = new LongAdder();

	final LongAdder totalItems = new LongAdder();

	final LongAdder bytesRead = new LongAdder();

	final LongAdder bytesWritten = new LongAdder();

	/** A connection opened ({@code true}) or closed. */
	public void connection(boolean opened) {
		if (opened) {
			this.currConnections.increment();
			this.totalConnections.increment();
		}
		else {
			this.currConnections.decrement();
		}
	}

	public void rejected() {
		this.rejectedConnections.increment();
	}

	public void read(long bytes) {
		this.bytesRead.add(bytes);
	}

	public void written(long bytes) {
		this.bytesWritten.add(bytes);
	}

	public long currentConnections() {
		return this.currConnections.sum();
	}

	/** {@code stats reset}: every counter but the live connection count. */
	void reset() {
		for (LongAdder a : new LongAdder[] { this.totalConnections, this.rejectedConnections, this.cmdGet, this.cmdSet,
				this.cmdFlush, this.cmdTouch, this.cmdMeta, this.getHits, this.getMisses, this.deleteHits,
				this.deleteMisses, this.incrHits, this.incrMisses, this.decrHits, this.decrMisses, this.casHits,
				this.casMisses, this.casBadval, this.touchHits, this.touchMisses, this.totalItems, this.bytesRead,
				this.bytesWritten }) {
			a.reset();
		}
	}

}
