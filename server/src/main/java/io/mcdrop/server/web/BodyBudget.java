package io.mcdrop.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the memory request bodies can take, over all connections: a request with a body reserves
 * its declared length (a body without one, chunked, reserves the largest allowed) from one shared
 * budget until its answer has been written or its connection is gone. A request that does not fit
 * is refused at once with 429 and {@code Retry-After}, before any of its body is read. So the
 * bodies held by the server at any time (being received, queued or being classified) never exceed
 * the budget, however many clients send at once.
 */
final class BodyBudget {
  private final long budget;
  private final long maxBody;
  private final AtomicLong reserved = new AtomicLong();

  BodyBudget(long budget, long maxBody) {
    this.budget = budget;
    this.maxBody = maxBody;
  }

  long reserved() {
    return reserved.get();
  }

  /** Reserves {@code n} bytes; false (nothing reserved) when they do not fit. */
  boolean tryReserve(long n) {
    while (true) {
      long now = reserved.get();
      if (now + n > budget && now > 0) {
        return false;
      }
      if (reserved.compareAndSet(now, now + n)) {
        return true;
      }
    }
  }

  void release(long n) {
    reserved.addAndGet(-n);
  }

  Handler handler() {
    return new Handler();
  }

  /** Per connection: one reservation per request, released with its answer, in order. */
  final class Handler extends ChannelDuplexHandler {
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private boolean refusing;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (refusing) {
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        refusing = !last;
        return;
      }
      if (msg instanceof HttpRequest r) {
        long size = r.decoderResult().isFailure() ? 0 : bodySize(r);
        if (size > 0 && !tryReserve(size)) {
          refusing = !(msg instanceof LastHttpContent);
          ReferenceCountUtil.release(msg);
          ctx.writeAndFlush(busy(r));
          return;
        }
        pending.add(size);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof LastHttpContent && !pending.isEmpty()) {
        long size = pending.poll();
        if (size > 0) {
          promise = promise.unvoid();
          promise.addListener(f -> release(size));
        }
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      while (!pending.isEmpty()) {
        release(pending.poll());
      }
      super.channelInactive(ctx);
    }

    private long bodySize(HttpRequest r) {
      if (HttpUtil.isTransferEncodingChunked(r)) {
        return maxBody;
      }
      long n = HttpUtil.getContentLength(r, 0L);
      return Math.min(Math.max(n, 0), maxBody);
    }

    private FullHttpResponse busy(HttpRequest r) {
      boolean v2 = r.uri().startsWith("/v2");
      String json =
          "{\"error\":\"server busy: the request bodies in progress take all of this server's"
              + " memory budget for them; retry later\""
              + (v2 ? "" : ",\"code\":\"BUSY\"")
              + "}";
      FullHttpResponse resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.TOO_MANY_REQUESTS,
              Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
      resp.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes())
          .set(HttpHeaderNames.RETRY_AFTER, "1");
      return resp;
    }
  }
}
