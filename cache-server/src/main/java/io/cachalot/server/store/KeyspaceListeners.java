package io.cachalot.server.store;

import java.util.List;

/** Several {@link KeyspaceListener}s behind one (blocked clients, WATCH, and later notifications and tracking). */
public final class KeyspaceListeners implements KeyspaceListener {

	private final KeyspaceListener[] listeners;

	public KeyspaceListeners(List<KeyspaceListener> listeners) {
		this.listeners = listeners.toArray(KeyspaceListener[]::new);
	}

	@Override
	public void keyModified(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyModified(db, key);
		}
	}

	@Override
	public void keyCreated(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyCreated(db, key);
		}
	}

	@Override
	public void keyMissed(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyMissed(db, key);
		}
	}

	@Override
	public void keyDeleted(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyDeleted(db, key);
		}
	}

	@Override
	public void keyWrittenWithTtl(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyWrittenWithTtl(db, key);
		}
	}

	@Override
	public void hashFieldsExpired(int db, byte[] key, boolean keyDeleted) {
		for (KeyspaceListener l : this.listeners) {
			l.hashFieldsExpired(db, key, keyDeleted);
		}
	}

	@Override
	public void keyExpired(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyExpired(db, key);
		}
	}

	@Override
	public void keyEvicted(int db, byte[] key) {
		for (KeyspaceListener l : this.listeners) {
			l.keyEvicted(db, key);
		}
	}

	@Override
	public void flushed(int db) {
		for (KeyspaceListener l : this.listeners) {
			l.flushed(db);
		}
	}

	@Override
	public void swapped(int db1, int db2) {
		for (KeyspaceListener l : this.listeners) {
			l.swapped(db1, db2);
		}
	}

}
