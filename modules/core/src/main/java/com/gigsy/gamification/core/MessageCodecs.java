package com.gigsy.gamification.core;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * The codecs of the event-bus messages ({@link ApplyBatch}, {@link ApplyResult}). Delivered within the
 * process, a message is the immutable record itself — no copy, no JSON — which matters at tens of
 * thousands of events a second; over a wire (a clustered event bus) it travels as its documented JSON.
 */
public final class MessageCodecs {

  private MessageCodecs() {
  }

  /** Makes the codecs the default for their records on this Vert.x; a second call (another service on it) changes nothing. */
  public static void register(Vertx vertx) {
    register(vertx, ApplyBatch.class, ApplyBatch::toJson, ApplyBatch::fromJson);
    register(vertx, ApplyResult.class, ApplyResult::toJson, ApplyResult::fromJson);
  }

  private static <T> void register(Vertx vertx, Class<T> type, Function<T, JsonObject> toJson,
                                   Function<JsonObject, T> fromJson) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type.getName(), toJson, fromJson));
    } catch (IllegalStateException alreadyRegistered) {
      // the codec of an earlier call is in place: same records, same codec
    }
  }

  record RecordCodec<T>(String name, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson)
    implements MessageCodec<T, T> {

    @Override
    public void encodeToWire(Buffer buffer, T message) {
      Buffer json = toJson.apply(message).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    /** The records are immutable: the receiver may share the sender's instance. */
    @Override
    public T transform(T message) {
      return message;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
