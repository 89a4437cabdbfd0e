package dev.atelier.mint;

import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.Transactions;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows sent mint transactions to their receipts and settles their jobs by them. */
final class Receipts {

  private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final CollectionService collections;
  private final MintJobStates states;
  private final Clock clock;

  Receipts(CollectionService collections, MintJobStates states, Clock clock) {
    this.collections = collections;
    this.states = states;
    this.clock = clock;
  }

  /**
   * Each job as it is once {@link #await} has followed the {@code SENT} ones until the deadline.
   */
  List<MintJob> awaitAll(
      Transactions txs, List<MintJob> jobs, Instant deadline, MintListener listener) {
    Map<Long, List<MintJob>> batches = new HashMap<>();
    List<MintJob> out = new ArrayList<>();
    for (MintJob j : jobs) {
      if (!j.inBatch()) {
        out.add(j.state() == MintJob.State.SENT ? await(txs, j, deadline, listener) : j);
        continue;
      }
      // A batch is followed once, by its first job seen; its other jobs are read back after.
      List<MintJob> batch =
          batches.computeIfAbsent(
              j.batchId(),
              id -> {
                if (j.state() == MintJob.State.SENT) {
                  await(txs, j, deadline, listener);
                }
                return states.batchOf(j);
              });
      out.add(batch.stream().filter(b -> b.id() == j.id()).findFirst().orElse(j));
    }
    return out;
  }

  /** Polls the receipt of a SENT job until {@code deadline}; leaves it SENT if none comes. */
  MintJob await(Transactions txs, MintJob job, Instant deadline, MintListener listener) {
    while (true) {
      Optional<Receipt> receipt;
      try {
        receipt = txs.receipt(job.txHash());
      } catch (ChainException e) {
        LOG.warn("Cannot follow mint job {}: {}", job.id(), e.getMessage());
        return job;
      }
      if (receipt.isPresent()) {
        return finish(txs, job, receipt.get(), listener);
      }
      if (!clock.instant().isBefore(deadline)) {
        return job;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return job;
      }
    }
  }

  /** A SENT job whose receipt is in: CONFIRMED with its token, or FAILED when it reverted. */
  MintJob finish(Transactions txs, MintJob job, Receipt receipt, MintListener listener) {
    if (job.inBatch()) {
      return finishBatch(txs, job, receipt, listener);
    }
    if (!receipt.success()) {
      return states.failed(
          job,
          "Reverted in block "
              + receipt.blockNumber()
              + txs.whyReverted(receipt, CollectionContract.artifact().abi()),
          listener);
    }
    CollectionEntry collection = collections.collection(job.collectionId());
    List<Long> tokens = new CollectionContract(txs, collection.address()).mintedTokenIds(receipt);
    if (tokens.size() != 1) {
      return states.failed(
          job,
          "Transaction "
              + receipt.transactionHash()
              + " was mined but minted "
              + tokens.size()
              + " tokens into "
              + collection.address(),
          listener);
    }
    return states.confirmed(job, tokens.getFirst(), receipt.blockNumber(), listener);
  }

  /**
   * A SENT batch whose receipt is in: every job CONFIRMED with its token (the receipt's minted ids
   * in batch order), or every job FAILED when it reverted or minted another number of tokens.
   */
  private MintJob finishBatch(
      Transactions txs, MintJob job, Receipt receipt, MintListener listener) {
    if (!receipt.success()) {
      return states.failed(
          job,
          "Reverted in block "
              + receipt.blockNumber()
              + txs.whyReverted(receipt, CollectionContractV2.artifact().abi()),
          listener);
    }
    CollectionEntry collection = collections.collection(job.collectionId());
    List<BigInteger> tokens =
        new CollectionContractV2(txs, collection.address()).mintedTokenIds(receipt);
    int jobs = states.batchOf(job).size();
    if (tokens.size() != jobs) {
      return states.failed(
          job,
          "Transaction "
              + receipt.transactionHash()
              + " was mined but minted "
              + tokens.size()
              + " tokens into "
              + collection.address()
              + ", not the batch's "
              + jobs,
          listener);
    }
    return states.confirmedBatch(job, tokens, receipt.blockNumber(), listener);
  }
}
