package io.mcdrop.trainer.tools;

import io.mcdrop.trainer.arch.NetworkFactory;
import io.mcdrop.trainer.checkpoint.Checkpoint;
import io.mcdrop.trainer.checkpoint.CheckpointFiles;
import io.mcdrop.trainer.data.FashionMnist;
import io.mcdrop.trainer.layers.Network;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.train.Evaluation;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the test-set numbers of a Fashion-MNIST checkpoint for its model card: accuracy, NLL and
 * ECE, deterministically and with MC dropout ({@code args[1]} samples, default 30).
 */
public final class ModelCardNumbers {
  private ModelCardNumbers() {}

  public static void main(String[] args) {
    Checkpoint ck = CheckpointFiles.read(Path.of(args[0]));
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Parallel.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
    Network net = NetworkFactory.build(ck.architecture(), ck.config().seed());
    ck.restore(net, null);
    var test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
    print("deterministic", Evaluation.deterministic(net, test, ck.preprocess()));
    print("MC dropout", Evaluation.monteCarlo(net, test, ck.preprocess(), samples, 1));
  }

  private static void print(String what, Evaluation.Metrics m) {
    System.out.printf(
        Locale.ROOT,
        "%-14s T=%-3d accuracy %.2f%%  NLL %.4f  ECE %.4f  (%d test images)%n",
        what,
        m.samples(),
        100 * m.accuracy(),
        m.nll(),
        m.ece(),
        m.count());
  }
}
