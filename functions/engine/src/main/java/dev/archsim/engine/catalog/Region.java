package dev.archsim.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A commercial AWS region.
 *
 * <p>Availability Zone IDs ({@code use1-az1}) name the same zone in every account; AZ names ({@code
 * us-east-1a}) are mapped to IDs per account. The names kept here are those of the account that
 * recorded the catalog's offering data: a scenario may use either, and IDs are what the catalog is
 * keyed by.
 *
 * @param code e.g. {@code eu-west-1}
 * @param longName e.g. "Europe (Ireland)"
 * @param city the city that stands for the region in the round-trip model
 * @param latitude degrees
 * @param longitude degrees
 * @param azIds the zone IDs
 * @param azNames the zone names, index for index with {@code azIds}
 * @param offeringData whether the catalog knows which types each zone offers
 */
public record Region(
    String code,
    String longName,
    String city,
    double latitude,
    double longitude,
    List<String> azIds,
    List<String> azNames,
    boolean offeringData) {

  public Region {
    azIds = List.copyOf(azIds);
    azNames = List.copyOf(azNames);
  }

  /** The zone ID of an AZ given by ID or by name. */
  public Optional<String> azId(String idOrName) {
    if (azIds.contains(idOrName)) {
      return Optional.of(idOrName);
    }
    int i = idOrName == null || idOrName.isEmpty() ? -1 : azNames.indexOf(idOrName);
    return i < 0 ? Optional.empty() : Optional.of(azIds.get(i));
  }

  /** "use1-az4 (us-east-1a)". */
  public String azLabel(String id) {
    int i = azIds.indexOf(id);
    String name = i < 0 ? "" : azNames.get(i);
    return name.isEmpty() ? id : id + " (" + name + ")";
  }
}
