package dev.atelier.bench;

import dev.atelier.bench.GasBench.Measurement;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Gas per minted token by batch size, {@link GasSubject} by subject, on a {@link Devnet}: for each
 * batch size asked (1, 10 and 50 by default) and for the largest batch that fits under the
 * per-transaction gas cap ({@value GasBench#TX_GAS_CAP}, EIP-7825). The first subject is the
 * reference (the plain OpenZeppelin mint, one token per transaction): every figure is also given as
 * a multiple of its gas per token. Printed by {@link GasSweepTable}; run by hand with {@code
 * atelier bench --gas}.
 *
 * <p>Each subject is a fresh contract that first mints {@value GasBench#WARM_UP} single tokens that
 * are not counted, so the figures are for the steady state, as in {@link GasBench}; each figure is
 * one real transaction's {@code gasUsed} over the tokens it minted. The largest batch is searched
 * with {@code eth_estimateGas} (the gas limit a transaction needs), starting from a straight line
 * through the measured batches, then sent with a gas limit of exactly the cap: it is mined, and one
 * more token needs a larger limit than the cap allows.
 */
public final class GasSweep {

  /** The default batch sizes, besides the largest under the cap. */
  public static final List<Integer> BATCHES = List.of(1, 10, 50);

  private static final BigInteger FUNDS = BigInteger.TEN.pow(24); // a million ETH

  private GasSweep() {}

  /**
   * One subject's figures.
   *
   * @param subject its name
   * @param single one token in one transaction
   * @param batches one per batch size asked that the subject can mint in one transaction
   * @param largest the largest batch under the cap, sent with the cap as its gas limit
   */
  public record Row(
      String subject, Measurement single, Map<Integer, Measurement> batches, Measurement largest) {

    public Row {
      Objects.requireNonNull(single, "single");
      Objects.requireNonNull(largest, "largest");
      batches = Map.copyOf(batches);
    }
  }

  /**
   * The figures of one sweep.
   *
   * @param batchSizes the batch sizes asked, ascending
   * @param rows the reference first, then the other subjects in the order given
   */
  public record Figures(List<Integer> batchSizes, List<Row> rows) {

    public Figures {
      batchSizes = List.copyOf(batchSizes);
      rows = List.copyOf(rows);
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("A sweep has its reference row at least");
      }
    }

    /** The reference: the first subject's single-token mint. */
    public Measurement reference() {
      return rows.getFirst().single();
    }

    /** The row of the subject named {@code name}. */
    public Row row(String name) {
      return rows.stream()
          .filter(r -> r.subject().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("No subject named " + name));
    }

    /** Gas per token of {@code m} as a multiple of the {@linkplain #reference() reference}'s. */
    public double ratio(Measurement m) {
      return (double) m.gasUsed() / m.tokens() / reference().gasUsed();
    }
  }

  /** The plain OpenZeppelin mint against {@link GasSubjects#compared()}, for {@code batchSizes}. */
  public static Figures measure(Devnet devnet, UnlockedAccount minter, List<Integer> batchSizes) {
    return measure(
        devnet, minter, GasSubjects.plainOpenZeppelin(), GasSubjects.compared(), batchSizes);
  }

  /**
   * Deploys every subject on {@code devnet} and mints into it, all from {@code minter} (funded
   * first, so any account does; for repeatable figures use the same one every time).
   *
   * @param reference the subject every figure is compared with, usually one token per transaction
   * @param subjects the others, in table order
   * @param batchSizes each at least 1
   * @throws ChainException when a transaction fails or reverts
   * @throws IllegalStateException when not even one token of a subject fits under the cap
   */
  public static Figures measure(
      Devnet devnet,
      UnlockedAccount minter,
      GasSubject reference,
      List<GasSubject> subjects,
      List<Integer> batchSizes) {
    Objects.requireNonNull(minter, "minter");
    List<Integer> sizes = batchSizes.stream().distinct().sorted().toList();
    if (sizes.isEmpty() || sizes.getFirst() < 1) {
      throw new IllegalArgumentException("Batch sizes are 1 or more, not " + batchSizes);
    }
    devnet.fund(minter.address(), FUNDS);
    Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
    List<Row> rows = new ArrayList<>();
    rows.add(row(txs, minter, reference, sizes));
    for (GasSubject subject : subjects) {
      rows.add(row(txs, minter, subject, sizes));
    }
    return new Figures(sizes, rows);
  }

  /**
   * Deploys one subject, warms it up and measures it at every size it can mint, and its largest.
   */
  static Row row(
      Transactions txs, UnlockedAccount minter, GasSubject subject, List<Integer> sizes) {
    GasSubject.Contract contract = subject.deploy(txs, minter);
    for (int i = 0; i < GasBench.WARM_UP; i++) {
      send(txs, minter, contract, contract.prepareMint(1), "warm-up");
    }
    int most = subject.mostPerTransaction();
    Map<Integer, Measurement> batches = new LinkedHashMap<>();
    for (int n : sizes) {
      if (n <= most) {
        String label = subject.name() + ", " + n;
        batches.put(n, send(txs, minter, contract, contract.prepareMint(n), label));
      }
    }
    Measurement single = batches.get(1);
    if (single == null) {
      single = send(txs, minter, contract, contract.prepareMint(1), subject.name() + ", 1");
    }
    List<Measurement> measured = new ArrayList<>(batches.values());
    measured.add(single);
    int largest = largestUnderCap(contract, guess(measured), most);
    if (largest == 0) {
      throw new IllegalStateException(
          subject.name() + ": one token alone needs more than the per-transaction gas cap");
    }
    Measurement atCap =
        sendLargest(txs, minter, contract, largest, subject.name() + ", largest under the cap");
    return new Row(subject.name(), single, batches, atCap);
  }

  /**
   * The most tokens one transaction of {@code contract} mints with a gas limit of at most the cap,
   * by {@code eth_estimateGas}; 0 when not even one does.
   *
   * @param guess where to start looking
   * @param most the most the contract mints in one transaction at all
   */
  static int largestUnderCap(GasSubject.Contract contract, int guess, int most) {
    long cap = GasBench.TX_GAS_CAP;
    return largestFitting(
        n -> contract.prepareMint(n).gasEstimate().longValueExact() <= cap, guess, most);
  }

  /**
   * The largest n in [1, most] for which {@code fits} holds, 0 when it does not hold for 1; {@code
   * fits} must hold up to some n and not after it. Steps out from {@code guess} by doubling steps
   * until the answer is bracketed, then bisects: few calls when the guess is close.
   */
  static int largestFitting(IntPredicate fits, int guess, int most) {
    if (most < 1) {
      throw new IllegalArgumentException("most must be at least 1, not " + most);
    }
    int start = Math.clamp(guess, 1, most);
    long lo; // fits
    long hi; // does not fit
    if (fits.test(start)) {
      lo = start;
      long step = 1;
      while (true) {
        if (lo == most) {
          return most;
        }
        long next = Math.min(lo + step, most);
        if (!fits.test((int) next)) {
          hi = next;
          break;
        }
        lo = next;
        step *= 2;
      }
    } else {
      hi = start;
      long step = 1;
      while (true) {
        if (hi == 1) {
          return 0;
        }
        long next = Math.max(hi - step, 1);
        if (fits.test((int) next)) {
          lo = next;
          break;
        }
        hi = next;
        step *= 2;
      }
    }
    while (hi - lo > 1) {
      long mid = (lo + hi) >>> 1;
      if (fits.test((int) mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (int) lo;
  }

  /**
   * Where the cap is on the straight line through the two largest batches measured (gas = fixed +
   * per token × n); with one measurement, the cap over its gas per token.
   */
  static int guess(List<Measurement> measured) {
    List<Measurement> bySize =
        measured.stream()
            .sorted(Comparator.comparingInt(Measurement::tokens).reversed())
            .distinct()
            .toList();
    Measurement big = bySize.getFirst();
    double perToken = big.perToken();
    double fixed = 0;
    if (bySize.size() > 1 && bySize.get(1).tokens() < big.tokens()) {
      Measurement small = bySize.get(1);
      perToken = (double) (big.gasUsed() - small.gasUsed()) / (big.tokens() - small.tokens());
      fixed = big.gasUsed() - perToken * big.tokens();
    }
    if (perToken <= 0) {
      return big.tokens();
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (GasBench.TX_GAS_CAP - fixed) / perToken));
  }

  /**
   * Sends the largest batch under the cap, found for tokens already prepared: fresh tokens can cost
   * a little more (longer ids in the call data), so it steps down until the estimate fits again.
   */
  private static Measurement sendLargest(
      Transactions txs,
      UnlockedAccount minter,
      GasSubject.Contract contract,
      int largest,
      String label) {
    for (int n = largest; n >= 1; n--) {
      PreparedTransaction tx = contract.prepareMint(n);
      if (tx.gasEstimate().longValueExact() <= GasBench.TX_GAS_CAP) {
        return sendAtCap(txs, minter, contract, tx, label);
      }
    }
    throw new IllegalStateException(label + ": one token alone needs more than the gas cap");
  }

  /**
   * Sends a prepared mint with a gas limit of exactly the cap.
   *
   * @throws ChainException {@link ChainException.Reason#REVERTED} when it runs out of gas
   */
  static Measurement sendAtCap(
      Transactions txs,
      UnlockedAccount minter,
      GasSubject.Contract contract,
      PreparedTransaction tx,
      String label) {
    PreparedTransaction capped =
        new PreparedTransaction(
            tx.chainId(),
            tx.from(),
            tx.to(),
            tx.data(),
            tx.value(),
            tx.gasEstimate(),
            BigInteger.valueOf(GasBench.TX_GAS_CAP),
            tx.baseFeePerGas(),
            tx.maxPriorityFeePerGas(),
            tx.maxFeePerGas());
    return send(txs, minter, contract, capped, label);
  }

  private static Measurement send(
      Transactions txs,
      UnlockedAccount minter,
      GasSubject.Contract contract,
      PreparedTransaction tx,
      String label) {
    Receipt receipt = txs.awaitReceipt(txs.send(tx, minter), BenchContract.WAIT, null);
    return GasBench.measured(label, receipt, contract.minted(receipt));
  }
}
