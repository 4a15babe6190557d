package io.mcdrop.server.web;

import io.mcdrop.server.config.ServerConfig;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * When the server answers an error before the request's body has fully arrived (413 for an upload
 * over the limit, a 4xx found from the headers alone, a malformed request line), the connection
 * cannot be reused, and a client still sending (a browser uploading a big file) would otherwise
 * never see the answer: the server stops reading, the client's upload stalls, and a browser does
 * not read a response before its upload is done. So such a response says {@code Connection: close};
 * once it is written the server half-closes (the client sees the end of the answer), reads and
 * discards whatever the client still sends, and closes when the client is done, at the latest
 * {@value #DRAIN_SECONDS} s later.
 */
@Singleton
final class EarlyResponseClose implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  static final int DRAIN_SECONDS = 10;
  private final BodyBudget budget;

  EarlyResponseClose(
      ServerConfig config,
      @Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize) {
    this.budget = new BodyBudget(config.bodyBudget(), maxRequestSize);
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null, budget));
    return event.getBean();
  }

  /** Adds, after the HTTP codec, this early-close handler and then the {@link BodyBudget}'s. */
  private record Customizer(Channel channel, BodyBudget budget) implements NettyServerCustomizer {
    @Override
    public NettyServerCustomizer specializeForChannel(Channel ch, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new Customizer(ch, budget) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel != null
          && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
        channel
            .pipeline()
            .addAfter(
                ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                "mcdrop-early-response-close",
                new Handler())
            .addAfter("mcdrop-early-response-close", "mcdrop-body-budget", budget.handler());
      }
    }
  }

  /** Per connection, between the HTTP codec and the framework's handler. */
  static final class Handler extends ChannelDuplexHandler {
    private boolean receiving; // a request's body is still arriving
    private boolean early; // an error answer went out while it was
    private boolean draining; // that answer is written: discard input until the client is done
    private ChannelPromise deferredClose;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (early) {
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (last) {
          receiving = false;
          if (draining) {
            close(ctx);
          }
        }
        if (draining) {
          ctx.read();
        }
        return;
      }
      if (msg instanceof HttpRequest r) {
        receiving = !(msg instanceof LastHttpContent) || r.decoderResult().isFailure();
      } else if (msg instanceof LastHttpContent) {
        receiving = false;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpResponse r && receiving && r.status().code() >= 400) {
        early = true;
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      if (early && !draining && msg instanceof LastHttpContent) {
        ctx.write(msg, promise.unvoid()).addListener(f -> startDraining(ctx));
        return;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
      if (early && receiving && deferredClose == null) {
        // The framework closes after a "Connection: close" answer; closing with unread input
        // would reset the connection and could destroy the answer before the client reads it.
        deferredClose = promise;
        return;
      }
      ctx.close(promise);
    }

    private void startDraining(ChannelHandlerContext ctx) {
      draining = true;
      if (!receiving) {
        close(ctx);
        return;
      }
      if (ctx.channel() instanceof DuplexChannel d) {
        d.shutdownOutput();
      }
      ctx.channel().config().setAutoRead(true);
      ctx.read();
      ctx.executor().schedule(() -> close(ctx), DRAIN_SECONDS, TimeUnit.SECONDS);
    }

    private void close(ChannelHandlerContext ctx) {
      receiving = false;
      if (deferredClose != null) {
        ctx.close(deferredClose);
      } else if (ctx.channel().isOpen()) {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (deferredClose != null && !deferredClose.isDone()) {
        deferredClose.trySuccess();
      }
      super.channelInactive(ctx);
    }
  }
}
