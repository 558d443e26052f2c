/**
 * Every EC2 instance type, every commercial region with its Availability Zones and per-AZ
 * offerings, database classes and cache node types, and the versioned price book (per region, each
 * price with its source and date), loaded on first use from the resources that {@code
 * tools/catalog/generate.py} writes. {@link dev.archsim.engine.catalog.PriceUse} lists the prices a
 * stage uses and the items it has none for.
 */
package dev.archsim.engine.catalog;
