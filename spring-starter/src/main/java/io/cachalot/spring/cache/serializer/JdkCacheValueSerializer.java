package io.cachalot.spring.cache.serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization, for values that are {@link java.io.Serializable} and not JSON-friendly.
 * A class that changed its {@code serialVersionUID} or disappeared is an
 * {@link UnreadableValueException}.
 */
public class JdkCacheValueSerializer implements CacheValueSerializer {

	private static final byte FORMAT = 'S';

	private static final byte VERSION = 1;

	private final ClassLoader classLoader;

	public JdkCacheValueSerializer(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public byte[] serialize(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot serialize " + value.getClass().getName(), ex);
		}
		return FormatHeader.prepend(FORMAT, VERSION, bytes.toByteArray());
	}

	@Override
	public Object deserialize(byte[] bytes) {
		FormatHeader.check(bytes, FORMAT, VERSION);
		ByteArrayInputStream in = new ByteArrayInputStream(bytes, FormatHeader.LENGTH, bytes.length - FormatHeader.LENGTH);
		try (ObjectInputStream objects = new ClassLoaderObjectInputStream(in, this.classLoader)) {
			return objects.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new UnreadableValueException("cached object no longer reads: " + ex, ex);
		}
	}

	/** Resolves classes through the application's class loader. */
	private static final class ClassLoaderObjectInputStream extends ObjectInputStream {

		private final ClassLoader classLoader;

		ClassLoaderObjectInputStream(ByteArrayInputStream in, ClassLoader classLoader) throws IOException {
			super(in);
			this.classLoader = classLoader;
		}

		@Override
		protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
			try {
				return Class.forName(desc.getName(), false, this.classLoader);
			}
			catch (ClassNotFoundException ex) {
				return super.resolveClass(desc);
			}
		}

	}

}
