/**
 * Refreshing the price book from AWS's Price List bulk offer files: the index, each service's
 * region index and per-region offer files, stream-parsed, written to the user's cache directory.
 */
package dev.archsim.local.prices;
