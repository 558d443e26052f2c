package dev.archsim.local;

import dev.archsim.core.optimize.OptimizationStore;
import dev.archsim.core.optimize.OptimizationStoreContract;
import dev.archsim.local.adapters.InMemoryOptimizationStore;

class InMemoryOptimizationStoreTest extends OptimizationStoreContract {
  private final InMemoryOptimizationStore store = new InMemoryOptimizationStore();

  @Override
  protected OptimizationStore store() {
    return store;
  }
}
