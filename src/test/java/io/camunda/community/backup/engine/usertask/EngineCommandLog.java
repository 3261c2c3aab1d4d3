package io.camunda.community.backup.engine.usertask;

import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.util.Either;
import java.lang.reflect.Field;

/**
 * Writes a command straight into the in-memory engine's log. The ONLY place that touches private
 * internals of {@code zeebe-process-test-engine}.
 *
 * <p>Why reflection: the in-memory engine ({@code InMemoryEngine}) serves only the gRPC gateway
 * API. Camunda user task commands (complete, assign, ...) exist only in the REST API of a real
 * gateway, and the engine offers no public way to write an arbitrary command. Its gRPC gateway
 * ({@code GrpcToLogStreamGateway}) turns each request into a command through a package-private
 * {@code CommandWriter} record, which wraps the public {@link LogStreamWriter} of the log. We
 * take that writer along the path
 *
 * <pre>
 *   InMemoryEngine.gateway  (private final GrpcToLogStreamGateway)
 *     -> GrpcToLogStreamGateway.writer  (private final CommandWriter)
 *       -> CommandWriter.writer  (record component, LogStreamWriter)
 * </pre>
 *
 * and append exactly what {@code CommandWriter.writeCommandWithKey} appends (same monitor, same
 * {@link WriteContext#internal()}), but keep the log position the append returns, so the caller
 * can find the engine's answer (follow-up events or a rejection) in the record stream.
 *
 * <p>Verified against zeebe-process-test-engine 8.8.21. If those internals change, {@link #of}
 * fails with an {@link IllegalStateException} that names the missing piece.
 */
final class EngineCommandLog {

  private static final String ENGINE_CLASS = "io.camunda.zeebe.process.test.engine.InMemoryEngine";

  private final LogStreamWriter writer;

  private EngineCommandLog(LogStreamWriter writer) {
    this.writer = writer;
  }

  static EngineCommandLog of(ZeebeTestEngine engine) {
    if (!engine.getClass().getName().equals(ENGINE_CLASS)) {
      throw broken("the engine is a " + engine.getClass().getName() + ", expected " + ENGINE_CLASS, null);
    }
    Object gateway = readField(engine, "gateway");
    Object commandWriter = readField(gateway, "writer");
    Object logWriter = readField(commandWriter, "writer");
    if (!(logWriter instanceof LogStreamWriter streamWriter)) {
      throw broken(commandWriter.getClass().getName() + ".writer is a "
          + (logWriter == null ? "null" : logWriter.getClass().getName()) + ", expected a LogStreamWriter", null);
    }
    return new EngineCommandLog(streamWriter);
  }

  /**
   * Appends a command (no request id: the engine sends no response, the caller reads the record
   * stream instead) and returns its log position.
   */
  long writeCommand(long key, ValueType valueType, Intent intent, UnifiedRecordValue value) {
    RecordMetadata metadata = new RecordMetadata().recordType(RecordType.COMMAND).valueType(valueType).intent(intent);
    Either<LogStreamWriter.WriteFailure, Long> result;
    // CommandWriter.writeCommandWithKey synchronizes on the same LogStreamWriter.
    synchronized (writer) {
      result = writer.tryWrite(WriteContext.internal(), LogAppendEntry.of(key, metadata, value));
    }
    if (result.isLeft()) {
      throw new IllegalStateException("the engine log refused the " + valueType + " " + intent + " command for key " + key
          + ": " + result.getLeft() + " (is the engine stopped?)");
    }
    return result.get();
  }

  private static Object readField(Object target, String name) {
    Class<?> type = target.getClass();
    Object value;
    try {
      Field field = type.getDeclaredField(name);
      field.setAccessible(true);
      value = field.get(target);
    } catch (NoSuchFieldException e) {
      throw broken("field " + type.getName() + "." + name + " no longer exists", e);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw broken("cannot read " + type.getName() + "." + name + ": " + e, e);
    }
    if (value == null) {
      throw broken(type.getName() + "." + name + " is null (engine not started?)", null);
    }
    return value;
  }

  private static IllegalStateException broken(String what, Throwable cause) {
    return new IllegalStateException("UserTasks cannot write commands into the in-memory engine: " + what
        + ". This test bridge reads private fields of zeebe-process-test-engine (verified with 8.8.21: "
        + "InMemoryEngine.gateway -> GrpcToLogStreamGateway.writer -> CommandWriter.writer); "
        + "the engine's internals have changed, adapt EngineCommandLog to the new version.", cause);
  }
}
