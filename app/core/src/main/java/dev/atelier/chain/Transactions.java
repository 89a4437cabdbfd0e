package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.utils.Numeric;

/**
 * Prepares (simulates and prices), signs, sends and follows transactions on one chain.
 *
 * <p>{@link #prepare} runs the call with {@code eth_call} first, so a transaction that would revert
 * fails with its decoded reason before anything is signed; then it asks {@code eth_estimateGas} and
 * prices the gas with EIP-1559 fees: the next block's base fee from {@code eth_feeHistory}, the tip
 * from {@code eth_maxPriorityFeePerGas}, max fee = 2 × base fee + tip. {@link #send} checks the
 * node's chain id and the sender's balance before it signs.
 */
public final class Transactions {

  private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger ONE_GWEI = BigInteger.TEN.pow(9);

  private final JsonRpc rpc;
  private final long chainId;

  /**
   * @param chainId the chain every transaction is for; checked against the node before signing
   */
  public Transactions(JsonRpc rpc, long chainId) {
    this.rpc = rpc;
    this.chainId = chainId;
  }

  public JsonRpc rpc() {
    return rpc;
  }

  public long chainId() {
    return chainId;
  }

  /**
   * Simulates and prices a transaction.
   *
   * @param to the contract; null to deploy {@code data}
   * @param abi the contract's ABI, to name its custom errors in a revert (may be null)
   * @throws ChainException {@link Reason#REVERTED} with the reason when it would revert
   */
  public PreparedTransaction prepare(
      String from, String to, byte[] data, BigInteger value, JsonNode abi) {
    ObjectNode call = callObject(from, to, data, value);
    String hexData = Numeric.toHexString(data);
    try {
      rpc.call("eth_call", call, "latest");
    } catch (ChainException e) {
      throw explained(e, abi, "The transaction would revert");
    }
    BigInteger estimate;
    try {
      estimate = JsonRpc.quantity(rpc.call("eth_estimateGas", call));
    } catch (ChainException e) {
      throw explained(e, abi, "The transaction would revert");
    }
    BigInteger gasLimit = estimate.multiply(BigInteger.valueOf(6)).divide(BigInteger.valueOf(5));
    BigInteger baseFee = nextBaseFee();
    BigInteger tip = priorityFee();
    BigInteger maxFee = baseFee.shiftLeft(1).add(tip);
    return new PreparedTransaction(
        chainId, from, to, hexData, value, estimate, gasLimit, baseFee, tip, maxFee);
  }

  /**
   * Signs and sends a prepared transaction with the sender's unlocked account, at the sender's next
   * nonce: {@link #sign} with {@code eth_getTransactionCount(from, "pending")}, then {@link
   * #broadcast}.
   *
   * @return the transaction hash
   * @throws ChainException {@link Reason#WRONG_CHAIN} when the node serves another chain, {@link
   *     Reason#INSUFFICIENT_FUNDS} when the sender cannot pay {@link PreparedTransaction#maxCost()}
   * @throws IllegalArgumentException when the account is not the prepared sender
   */
  public String send(PreparedTransaction tx, UnlockedAccount account) {
    return broadcast(sign(tx, account, nextNonce(tx.from())));
  }

  /** The sender's next nonce, counting transactions still pending. */
  public BigInteger nextNonce(String address) {
    return JsonRpc.quantity(rpc.call("eth_getTransactionCount", address, "pending"));
  }

  /**
   * Signs a prepared transaction at a given nonce without sending it, after checking the node's
   * chain id and the sender's balance. The result can be stored (a crash-safe job writes it before
   * sending) and {@linkplain #broadcast broadcast} later, any number of times.
   *
   * @throws ChainException {@link Reason#WRONG_CHAIN}, {@link Reason#INSUFFICIENT_FUNDS}
   * @throws IllegalArgumentException when the account is not the prepared sender
   */
  public SignedTransaction sign(PreparedTransaction tx, UnlockedAccount account, BigInteger nonce) {
    if (!account.address().equalsIgnoreCase(tx.from())) {
      throw new IllegalArgumentException(
          "The transaction was prepared for " + tx.from() + ", not " + account.address());
    }
    if (tx.chainId() != chainId) {
      throw new IllegalArgumentException(
          "The transaction was prepared for chain " + tx.chainId() + ", not " + chainId);
    }
    Networks.checkChainId(rpc, chainId);
    BigInteger balance = JsonRpc.quantity(rpc.call("eth_getBalance", tx.from(), "pending"));
    if (balance.compareTo(tx.maxCost()) < 0) {
      throw new ChainException(
          Reason.INSUFFICIENT_FUNDS,
          "Insufficient funds: "
              + tx.from()
              + " has "
              + balance
              + " wei on chain "
              + chainId
              + ", but the transaction may cost up to "
              + tx.maxCost()
              + " wei (gas limit "
              + tx.gasLimit()
              + " × max fee "
              + tx.maxFeePerGas()
              + " wei + value "
              + tx.value()
              + ")");
    }
    RawTransaction raw =
        RawTransaction.createTransaction(
            chainId,
            nonce,
            tx.gasLimit(),
            tx.to() == null ? "" : tx.to(),
            tx.value(),
            tx.data(),
            tx.maxPriorityFeePerGas(),
            tx.maxFeePerGas());
    byte[] signed = account.signTransaction(raw);
    return new SignedTransaction(
        chainId,
        tx.from(),
        nonce.longValueExact(),
        Numeric.toHexString(signed),
        Hash.sha3(Numeric.toHexString(signed)));
  }

  /**
   * Sends a signed transaction ({@code eth_sendRawTransaction}).
   *
   * @return its hash, as the node reports it
   * @throws ChainException {@link Reason#RPC_ERROR} when the node refuses it (for instance a nonce
   *     already used), {@link Reason#INSUFFICIENT_FUNDS}
   */
  public String broadcast(SignedTransaction tx) {
    if (tx.chainId() != chainId) {
      throw new IllegalArgumentException(
          "The transaction was signed for chain " + tx.chainId() + ", not " + chainId);
    }
    String hash = rpc.call("eth_sendRawTransaction", tx.raw()).asText();
    LOG.info("Sent transaction {} from {} on chain {}", hash, tx.from(), chainId);
    return hash;
  }

  /** The sender's nonce counting only mined transactions: nonces below it are used for good. */
  public BigInteger minedNonce(String address) {
    return JsonRpc.quantity(rpc.call("eth_getTransactionCount", address, "latest"));
  }

  /** A transaction's receipt if it is mined, reverted or not; empty while it is not. */
  public Optional<Receipt> receipt(String txHash) {
    JsonNode r = rpc.call("eth_getTransactionReceipt", txHash);
    return r == null || r.isNull() ? Optional.empty() : Optional.of(receipt(r));
  }

  /** True when the node knows the transaction: waiting in its pool or mined. */
  public boolean isKnown(String txHash) {
    JsonNode tx = rpc.call("eth_getTransactionByHash", txHash);
    return tx != null && !tx.isNull();
  }

  /**
   * Waits for a transaction's receipt.
   *
   * @throws ChainException {@link Reason#TIMEOUT} when it is not mined in time, {@link
   *     Reason#REVERTED} when it was mined but reverted
   */
  public Receipt awaitReceipt(String txHash, Duration timeout, JsonNode abi) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<Receipt> mined = receipt(txHash);
      if (mined.isPresent()) {
        Receipt receipt = mined.get();
        if (!receipt.success()) {
          throw new ChainException(
              Reason.REVERTED,
              "Transaction "
                  + txHash
                  + " reverted in block "
                  + receipt.blockNumber()
                  + replayReason(txHash, receipt.blockNumber(), abi));
        }
        return receipt;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ChainException(
            Reason.TIMEOUT,
            "Transaction " + txHash + " was not mined within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException(Reason.TIMEOUT, "Interrupted waiting for " + txHash, e);
      }
    }
  }

  /**
   * A read-only call ({@code eth_call} at the latest block).
   *
   * @return the returned bytes
   * @throws ChainException {@link Reason#REVERTED} with the decoded reason
   */
  public byte[] call(String to, byte[] data, JsonNode abi) {
    try {
      return Numeric.hexStringToByteArray(
          rpc.call("eth_call", callObject(null, to, data, BigInteger.ZERO), "latest").asText());
    } catch (ChainException e) {
      throw explained(e, abi, "The call reverted");
    }
  }

  /** The sender's balance in wei. */
  public BigInteger balance(String address) {
    return JsonRpc.quantity(rpc.call("eth_getBalance", address, "latest"));
  }

  private BigInteger nextBaseFee() {
    JsonNode history = rpc.call("eth_feeHistory", "0x1", "latest", List.of());
    JsonNode fees = history.path("baseFeePerGas");
    if (!fees.isArray() || fees.isEmpty()) {
      return JsonRpc.quantity(rpc.call("eth_gasPrice"));
    }
    return JsonRpc.quantity(fees.get(fees.size() - 1));
  }

  private BigInteger priorityFee() {
    try {
      return JsonRpc.quantity(rpc.call("eth_maxPriorityFeePerGas"));
    } catch (ChainException e) {
      if (e.reason() == Reason.UNREACHABLE) {
        throw e;
      }
      // Not every node has it: fall back to 1 gwei.
      return ONE_GWEI;
    }
  }

  /**
   * Why a mined transaction reverted, as far as replaying it on the block before tells: the decoded
   * revert reason, prefixed with {@code ": "}, or a note in parentheses.
   */
  public String whyReverted(Receipt receipt, JsonNode abi) {
    return replayReason(receipt.transactionHash(), receipt.blockNumber(), abi);
  }

  private String replayReason(String txHash, long block, JsonNode abi) {
    try {
      JsonNode tx = rpc.call("eth_getTransactionByHash", txHash);
      ObjectNode call = JSON.createObjectNode();
      call.put("from", tx.path("from").asText());
      if (tx.hasNonNull("to")) {
        call.put("to", tx.path("to").asText());
      }
      call.put("data", tx.path("input").asText());
      call.put("value", tx.path("value").asText("0x0"));
      call.put("gas", tx.path("gas").asText());
      rpc.call("eth_call", call, JsonRpc.quantity(block - 1));
      return " (replayed on the previous block it does not revert: it ran out of gas, or depended"
          + " on an earlier transaction in its own block)";
    } catch (ChainException e) {
      return e.reason() == Reason.REVERTED
          ? ": " + Reverts.describe(e.revertData(), abi)
          : " (" + e.getMessage() + ")";
    }
  }

  private static ChainException explained(ChainException e, JsonNode abi, String what) {
    if (e.reason() != Reason.REVERTED) {
      return e;
    }
    String reason =
        e.revertData() != null && e.revertData().length() >= 10
            ? Reverts.describe(e.revertData(), abi)
            : e.getMessage();
    return new ChainException(Reason.REVERTED, what + ": " + reason, e.revertData());
  }

  private static ObjectNode callObject(String from, String to, byte[] data, BigInteger value) {
    ObjectNode call = JSON.createObjectNode();
    if (from != null) {
      call.put("from", from);
    }
    if (to != null) {
      call.put("to", to);
    }
    call.put("data", Numeric.toHexString(data));
    if (value.signum() > 0) {
      call.put("value", JsonRpc.quantity(value));
    }
    return call;
  }

  private static Receipt receipt(JsonNode r) {
    List<Receipt.Log> logs = new ArrayList<>();
    for (JsonNode l : r.path("logs")) {
      List<String> topics = new ArrayList<>();
      l.path("topics").forEach(t -> topics.add(t.asText()));
      logs.add(
          new Receipt.Log(
              l.path("address").asText(), List.copyOf(topics), l.path("data").asText()));
    }
    return new Receipt(
        r.path("transactionHash").asText(),
        JsonRpc.quantity(r.path("status")).signum() == 1,
        JsonRpc.quantity(r.path("blockNumber")).longValueExact(),
        JsonRpc.quantity(r.path("gasUsed")),
        r.hasNonNull("effectiveGasPrice")
            ? JsonRpc.quantity(r.path("effectiveGasPrice"))
            : BigInteger.ZERO,
        r.hasNonNull("contractAddress") ? r.path("contractAddress").asText() : null,
        List.copyOf(logs));
  }
}
