package io.camunda.community.backup.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.Jackson2JsonDecoder;

/**
 * Reads the HTTP API's request bodies strictly: an unknown field (a typo such as {@code backupID})
 * or a value of the wrong type ({@code "123"}, {@code 1.5}) is refused instead of silently ignored
 * or coerced. Only for {@link RequestBodies}; everything else (the Camunda client, the target
 * clients' WebClient) keeps the application's lenient ObjectMapper.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonCodecs {

  @Bean
  CodecCustomizer strictRequestBodies(ObjectMapper applicationMapper) {
    ObjectMapper strict = strict(applicationMapper);
    return configurer -> configurer.defaultCodecs().configureDefaultCodec(codec -> {
      if (codec instanceof Jackson2JsonDecoder decoder) {
        for (Class<?> type : new Class<?>[] {RequestBodies.Backup.class, RequestBodies.Restore.class}) {
          decoder.registerObjectMappersForType(type, mappers -> {
            mappers.put(MediaType.APPLICATION_JSON, strict);
            mappers.put(new MediaType("application", "*+json"), strict);
          });
        }
      }
    });
  }

  static ObjectMapper strict(ObjectMapper base) {
    ObjectMapper strict = base.copy()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // "backupId": "123" or true, "note": 5: a wrong type, not something to convert.
    strict.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    strict.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return strict;
  }
}
