package io.camunda.community.backup.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants ({@code 2025-06-03T08:06:06.246Z}) in JSON whatever the {@code ObjectMapper}
 * at hand: Spring's (JavaTimeModule, dates as text), the Camunda client's, or a plain one that has
 * no java.time support at all.
 */
final class InstantJson {

  private InstantJson() {}

  public static final class Serializer extends StdScalarSerializer<Instant> {
    public Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(value.toString());
    }
  }

  public static final class Deserializer extends StdScalarDeserializer<Instant> {
    public Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        // what a mapper writing dates as timestamps would have produced: epoch milliseconds
        return Instant.ofEpochMilli(parser.getLongValue());
      }
      String text = parser.getValueAsString();
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return Instant.parse(text.strip());
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException again) {
          return (Instant) context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
        }
      }
    }
  }
}
