package dev.atelier.mint;

import dev.atelier.Studio;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Child-process side of {@link BatchCrashTest}: mints assets as one version 2 batch through a real
 * studio and, at the moment named on its command line, says so on stdout and waits to be killed.
 *
 * <p>Arguments: studio home, RPC URL, chain id, collection id, asset ids (comma-separated), and the
 * moment, as {@link MintCrashChild}'s.
 */
public final class BatchCrashChild {

  private BatchCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Transactions txs = new Transactions(new JsonRpc(args[1]), Long.parseLong(args[2]));
    long collection = Long.parseLong(args[3]);
    List<Long> assets = Arrays.stream(args[4].split(",")).map(Long::parseLong).toList();
    String moment = args[5];
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      BatchPlan plan = studio.batchPlanner().plan(txs, collection, assets, artist);
      studio
          .batchMinter()
          .execute(plan, artist, Duration.ofMinutes(5), MintCrashChild.hangingAt(moment));
      System.out.println("finished");
    }
  }
}
