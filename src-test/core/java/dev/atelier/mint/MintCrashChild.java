package dev.atelier.mint;

import dev.atelier.Studio;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Child-process side of {@link MintCrashTest}: mints one asset through a real studio and, at the
 * moment named on its command line, says so on stdout and waits to be killed.
 *
 * <p>Arguments: studio home, RPC URL, chain id, collection id, asset id, and the moment: {@code
 * SIGNED} (the signed transaction is stored, not sent), {@code BROADCAST} (the node took it, the
 * catalog still says SIGNED) or {@code SENT} (stored as sent, receipt not in).
 */
public final class MintCrashChild {

  private MintCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Transactions txs = new Transactions(new JsonRpc(args[1]), Long.parseLong(args[2]));
    long collection = Long.parseLong(args[3]);
    long asset = Long.parseLong(args[4]);
    String moment = args[5];
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      MintPlan plan =
          studio.mintPlanner().plan(txs, collection, List.of(asset), artist.address(), false);
      studio.minter().execute(plan, artist, Duration.ofMinutes(5), hangingAt(moment));
      System.out.println("finished");
    }
  }

  /**
   * A listener that stops this process's minting at {@code moment}: a job state's name, or {@code
   * BROADCAST} (signed, just handed to the node), by hanging there until the test kills it.
   */
  static MintListener hangingAt(String moment) {
    return new MintListener() {
      @Override
      public void stateWritten(MintJob job) {
        if (job.state().name().equals(moment)) {
          hang(job);
        }
      }

      @Override
      public void broadcast(MintJob job) {
        if (moment.equals("BROADCAST") && job.state() == State.SIGNED) {
          hang(job);
        }
      }
    };
  }

  private static void hang(MintJob job) {
    System.out.println("at " + job.state() + " job " + job.id() + " tx " + job.txHash());
    System.out.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
