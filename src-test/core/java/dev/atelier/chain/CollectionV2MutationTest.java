package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.ADDRESS_0;
import static dev.atelier.chain.ChainFixtures.ADDRESS_1;
import static dev.atelier.chain.ChainFixtures.CC_BY_TERMS;
import static dev.atelier.chain.ChainFixtures.KEY_0;
import static dev.atelier.chain.ChainFixtures.KEY_1;
import static dev.atelier.chain.V2Fixtures.LICENSE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;

/**
 * A property of mintBatch: a valid, signed batch call changed at random (a bit flipped anywhere in
 * the call data, tokens reordered, dropped or duplicated, digests swapped, recipient, license or
 * signature changed) is refused, or, when the change means the same thing (ABI padding, sibling
 * leaves swapped), it mints exactly the tokens of the original batch, to the same recipient, under
 * the same license and root, and each still verifies with the original proofs.
 *
 * <p>{@value #CASES} cases from seed {@value #DEFAULT_SEED}; {@code -Datelier.seed=N} picks another
 * seed. Each accepted mutation is mined on a devnet snapshot and rolled back.
 */
class CollectionV2MutationTest {

  static final int CASES = 300;
  static final long DEFAULT_SEED = 20261126L;

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int SIZE = 8;

  enum Kind {
    FLIP_BIT,
    SWAP_TOKENS,
    SWAP_DIGESTS,
    DROP,
    DUPLICATE,
    REVERSE,
    RECIPIENT,
    LICENSE,
    SIGNATURE
  }

  @Test
  void everyMutationOfASignedBatchIsRefusedOrMintsExactlyTheSameTokens() {
    long seed = Long.getLong("atelier.seed", DEFAULT_SEED);
    Random random = new Random(seed);
    Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class); // {refused, same}
    try (Devnet devnet = Devnet.start();
        UnlockedAccount owner = TestAccounts.unlocked(KEY_0);
        UnlockedAccount relayer = TestAccounts.unlocked(KEY_1)) {
      Transactions txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
      CollectionContractV2 c =
          CollectionContractV2.deploy(
                  txs,
                  CollectionContractV2.prepareDeploy(txs, ADDRESS_0, "Fuzz", "FZ", ADDRESS_0, 0),
                  owner,
                  WAIT)
              .contract();
      SignedBatch batch =
          c.signBatch(
              owner,
              ADDRESS_0,
              V2Fixtures.tokens(V2Fixtures.assets(owner, Devnet.CHAIN_ID, 0, SIZE)),
              LICENSE,
              CC_BY_TERMS);
      byte[] original = CollectionContractV2.encodeMintBatch(batch, false);
      assertThat(c.prepare(ADDRESS_1, original).gasEstimate()).isPositive();

      for (int i = 0; i < CASES; i++) {
        // Four in ten flip a bit anywhere; the rest are the structured kinds, evenly.
        Kind kind =
            random.nextInt(10) < 4
                ? Kind.FLIP_BIT
                : Kind.values()[1 + random.nextInt(Kind.values().length - 1)];
        byte[] call = mutate(kind, batch, original, random);
        boolean same = tryMint(devnet, c, relayer, batch, call, kind + " (case " + i + ")");
        outcomes.computeIfAbsent(kind, k -> new int[2])[same ? 1 : 0]++;
      }
    }
    int total = outcomes.values().stream().mapToInt(o -> o[0] + o[1]).sum();
    StringBuilder s = new StringBuilder();
    outcomes.forEach(
        (k, o) -> s.append(' ').append(k).append('=').append(o[0]).append('/').append(o[1]));
    System.out.printf(
        "mintBatch mutations: %d cases, seed %d; refused/same meaning by kind:%s%n",
        total, seed, s);
    assertThat(total).isEqualTo(CASES);
  }

  /**
   * Sends the mutated call from the relayer on a snapshot: false when it is refused; true when it
   * mints the original batch's tokens exactly (asserted), then rolls back.
   */
  private static boolean tryMint(
      Devnet devnet,
      CollectionContractV2 c,
      UnlockedAccount relayer,
      SignedBatch batch,
      byte[] call,
      String what) {
    PreparedTransaction tx;
    try {
      tx = c.prepare(ADDRESS_1, call);
    } catch (ChainException e) {
      assertThat(e.reason()).as(what).isEqualTo(Reason.REVERTED);
      return false;
    }
    String snapshot = devnet.rpc().call("evm_snapshot").asText();
    try {
      CollectionContractV2.MintResult r = c.send(tx, relayer, WAIT);
      List<BigInteger> ids = batch.tokens().stream().map(BatchToken::tokenId).toList();
      assertThat(r.tokenIds()).as(what).containsExactlyInAnyOrderElementsOf(ids);
      MintedBatch minted = c.mintedBatches(r.receipt()).getFirst();
      assertThat(minted.to()).as(what).isEqualTo(batch.to());
      assertThat(minted.root())
          .as(what)
          .isEqualTo(java.util.HexFormat.of().formatHex(batch.tree().root()));
      for (int i = 0; i < ids.size(); i++) {
        assertThat(c.ownerOf(ids.get(i))).as(what).isEqualTo(batch.to());
        assertThat(c.license(ids.get(i)).licenseId()).as(what).isEqualTo(LICENSE);
        assertThat(c.verify(batch.proof(i, new byte[0]))).as(what).isTrue();
      }
      return true;
    } finally {
      assertThat(devnet.rpc().call("evm_revert", snapshot).asBoolean()).isTrue();
    }
  }

  private static byte[] mutate(Kind kind, SignedBatch b, byte[] original, Random random) {
    List<BatchToken> tokens = new ArrayList<>(b.tokens());
    int i = random.nextInt(tokens.size());
    int j = (i + 1 + random.nextInt(tokens.size() - 1)) % tokens.size();
    switch (kind) {
      case FLIP_BIT -> {
        byte[] call = original.clone();
        call[random.nextInt(call.length)] ^= (byte) (1 << random.nextInt(8));
        return call;
      }
      case SWAP_TOKENS -> Collections.swap(tokens, i, j);
      case SWAP_DIGESTS -> {
        BatchToken a = tokens.get(i);
        BatchToken z = tokens.get(j);
        tokens.set(i, new BatchToken(z.metadataDigest(), a.aigcData(), a.signature()));
        tokens.set(j, new BatchToken(a.metadataDigest(), z.aigcData(), z.signature()));
      }
      case DROP -> tokens.remove(i);
      case DUPLICATE -> tokens.add(j, tokens.get(i));
      case REVERSE -> Collections.reverse(tokens);
      case RECIPIENT -> {
        return encode(b, random.nextBoolean() ? ADDRESS_1 : randomAddress(random), tokens);
      }
      case LICENSE -> {
        return random.nextBoolean()
            ? encode(
                new SignedBatch(
                    b.to(), tokens, "CC0-1.0", b.termsSha256(), b.tree(), b.signature()))
            : encode(
                new SignedBatch(
                    b.to(), tokens, b.licenseId(), "b".repeat(64), b.tree(), b.signature()));
      }
      case SIGNATURE -> {
        return encode(withSignature(b, mutateSignature(b.signature(), random)));
      }
    }
    return encode(b, b.to(), tokens);
  }

  /** A byte flipped, v flipped, the malleable twin (n - s, other v), a byte added or dropped. */
  private static byte[] mutateSignature(byte[] sig, Random random) {
    byte[] s = sig.clone();
    switch (random.nextInt(5)) {
      case 0 -> s[random.nextInt(65)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> s[64] = (byte) (s[64] == 27 ? 28 : 27);
      case 2 -> {
        BigInteger high = Sign.CURVE_PARAMS.getN().subtract(new BigInteger(1, slice(s, 32, 64)));
        System.arraycopy(org.web3j.utils.Numeric.toBytesPadded(high, 32), 0, s, 32, 32);
        s[64] = (byte) (s[64] == 27 ? 28 : 27);
      }
      case 3 -> s = java.util.Arrays.copyOf(s, 66);
      default -> s = java.util.Arrays.copyOf(s, 64);
    }
    return s;
  }

  private static byte[] encode(SignedBatch b, String to, List<BatchToken> tokens) {
    return encode(
        new SignedBatch(to, tokens, b.licenseId(), b.termsSha256(), b.tree(), b.signature()));
  }

  private static byte[] encode(SignedBatch b) {
    return CollectionContractV2.encodeMintBatch(b, false);
  }

  private static SignedBatch withSignature(SignedBatch b, byte[] sig) {
    return new SignedBatch(b.to(), b.tokens(), b.licenseId(), b.termsSha256(), b.tree(), sig);
  }

  private static String randomAddress(Random random) {
    byte[] a = new byte[20];
    random.nextBytes(a);
    return org.web3j.utils.Numeric.toHexString(a);
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
