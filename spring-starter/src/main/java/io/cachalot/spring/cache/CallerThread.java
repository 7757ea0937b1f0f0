package io.cachalot.spring.cache;

import io.netty.util.concurrent.FastThreadLocalThread;
import reactor.core.scheduler.Schedulers;

/**
 * Whether the calling thread may wait for the cache server. Spring's reactive caching calls
 * the synchronous {@code put} / {@code evict} / {@code clear} from whatever thread completed
 * the cached method — often the client library's own I/O thread, which is the thread that
 * would read the server's reply: waiting there can only time out. Reactor's non-blocking
 * threads and Netty event-loop threads are such threads.
 */
final class CallerThread {

	private CallerThread() {
	}

	static boolean mayBlock() {
		return !Schedulers.isInNonBlockingThread() && !(Thread.currentThread() instanceof FastThreadLocalThread);
	}

}
