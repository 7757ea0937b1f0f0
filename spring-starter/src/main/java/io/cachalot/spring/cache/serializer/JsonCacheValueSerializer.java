package io.cachalot.spring.cache.serializer;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * JSON through Jackson, with each object's class recorded ({@code @class}, records included)
 * so a cached {@code List<Product>} reads back as products. A value whose class changed
 * incompatibly or disappeared is an {@link UnreadableValueException}.
 */
public class JsonCacheValueSerializer implements CacheValueSerializer {

	private static final byte FORMAT = 'J';

	private static final byte VERSION = 1;

	private final ObjectWriter writer;

	private final ObjectReader reader;

	public JsonCacheValueSerializer() {
		this(JsonMapper.builder());
	}

	/** Uses the application's mapper settings (modules, features) plus type information. */
	public JsonCacheValueSerializer(JsonMapper.Builder builder) {
		// the cache is the application's own store; Jackson still refuses its known gadget types
		PolymorphicTypeValidator types = BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build();
		JsonMapper mapper = builder.activateDefaultTyping(types, DefaultTyping.NON_FINAL_AND_RECORDS, JsonTypeInfo.As.PROPERTY)
			.build();
		this.writer = mapper.writerFor(Object.class);
		this.reader = mapper.readerFor(Object.class);
	}

	@Override
	public byte[] serialize(Object value) {
		return FormatHeader.prepend(FORMAT, VERSION, this.writer.writeValueAsBytes(value));
	}

	@Override
	public Object deserialize(byte[] bytes) {
		FormatHeader.check(bytes, FORMAT, VERSION);
		try {
			return this.reader.readValue(bytes, FormatHeader.LENGTH, bytes.length - FormatHeader.LENGTH);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new UnreadableValueException("cached JSON no longer reads: " + ex.getMessage(), ex);
		}
	}

}
