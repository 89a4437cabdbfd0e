package dev.atelier.mint;

import dev.atelier.content.AssetExport.Publishable;
import dev.atelier.content.Cid;
import dev.atelier.content.IpfsException;
import dev.atelier.content.IpfsPinner;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pins a plan's images and metadata to the configured IPFS node before anything is minted. */
final class ContentPinner {

  private static final Logger LOG = LoggerFactory.getLogger(ContentPinner.class);

  private final Supplier<Optional<IpfsPinner>> pinner;

  /**
   * @param pinner the IPFS node as configured at the moment of the mint (empty: the artist uploads
   *     the CAR export themselves, and nothing is pinned)
   */
  ContentPinner(Supplier<Optional<IpfsPinner>> pinner) {
    this.pinner = pinner;
  }

  /**
   * @throws MintException {@link MintException.Reason#PINNING} when the node cannot pin one
   */
  void pin(MintPlan plan) {
    Optional<IpfsPinner> node = pinner.get();
    if (node.isEmpty()) {
      return;
    }
    for (MintPlan.Item item : plan.items()) {
      Publishable content = item.content();
      try {
        Cid image = node.get().pin("asset-" + item.assetId() + ".png", content.image());
        Cid metadata =
            node.get().pin("asset-" + item.assetId() + ".json", content.metadata().block());
        LOG.info("Pinned asset {}: image {}, metadata {}", item.assetId(), image, metadata);
      } catch (IpfsException e) {
        throw MintException.pinning(item.assetId(), node.get().apiUrl().toString(), e);
      }
    }
  }
}
