package io.cachalot.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.util.ClassUtils;

/**
 * Session attribute values to bytes and back: JSON through Jackson with each value's class
 * recorded (and Spring Security's Jackson modules when Spring Security is present, so a
 * security context is stored as JSON too), or Java serialization. A one-byte format marker
 * leads every value. A value that cannot be read any more — its class changed in a deploy —
 * is an {@link UnreadableAttributeException}, which the repositories turn into a dropped
 * attribute, never a failed request.
 */
public interface SessionAttributeCodec {

	byte[] encode(Object value);

	Object decode(byte[] bytes);

	/** A stored attribute that cannot be read any more. */
	class UnreadableAttributeException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public UnreadableAttributeException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** JSON with type information. */
	static SessionAttributeCodec json(ClassLoader classLoader) {
		BasicPolymorphicTypeValidator.Builder types = BasicPolymorphicTypeValidator.builder();
		JsonMapper.Builder mapper = JsonMapper.builder();
		if (ClassUtils.isPresent("org.springframework.security.jackson.SecurityJacksonModules", classLoader)) {
			for (JacksonModule module : org.springframework.security.jackson.SecurityJacksonModules.getModules(classLoader,
					types)) {
				mapper.addModule(module);
			}
		}
		// the store is the application's own; Jackson still refuses its known gadget types
		mapper.activateDefaultTyping(types.allowIfSubType(Object.class).build(), DefaultTyping.NON_FINAL_AND_RECORDS,
				JsonTypeInfo.As.PROPERTY);
		JsonMapper built = mapper.build();
		ObjectWriter writer = built.writerFor(Object.class);
		ObjectReader reader = built.readerFor(Object.class);
		return new SessionAttributeCodec() {
			@Override
			public byte[] encode(Object value) {
				byte[] json = writer.writeValueAsBytes(value);
				byte[] out = new byte[json.length + 1];
				out[0] = 'J';
				System.arraycopy(json, 0, out, 1, json.length);
				return out;
			}

			@Override
			public Object decode(byte[] bytes) {
				if (bytes.length == 0 || bytes[0] != 'J') {
					throw new UnreadableAttributeException("not a JSON attribute", null);
				}
				try {
					return reader.readValue(bytes, 1, bytes.length - 1);
				}
				catch (JacksonException | IllegalArgumentException ex) {
					throw new UnreadableAttributeException(ex.getMessage(), ex);
				}
			}
		};
	}

	/** Java serialization (values must be {@link java.io.Serializable}). */
	static SessionAttributeCodec jdk(ClassLoader classLoader) {
		return new SessionAttributeCodec() {
			@Override
			public byte[] encode(Object value) {
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				bytes.write('S');
				try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
					out.writeObject(value);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("cannot serialize a " + value.getClass().getName(), ex);
				}
				return bytes.toByteArray();
			}

			@Override
			public Object decode(byte[] bytes) {
				if (bytes.length == 0 || bytes[0] != 'S') {
					throw new UnreadableAttributeException("not a serialized attribute", null);
				}
				try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1)) {
					@Override
					protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
						return Class.forName(desc.getName(), false, classLoader);
					}
				}) {
					return in.readObject();
				}
				catch (IOException | ClassNotFoundException | RuntimeException ex) {
					throw new UnreadableAttributeException(ex.toString(), ex);
				}
			}
		};
	}

}
