#!/usr/bin/env python3
"""The reference "Deep MNIST" network in PyTorch on the CPU, measured the way ConvScope's
Go benchmarks measure the engine (go test -bench in cnn/), so the two can be compared on
one machine.

Needs Debian's python3-torch (run with /usr/bin/python3). Prints one line per figure, as
medians over repeated runs of synthetic data of MNIST's shapes:

  training:  images/s for a full step at batch 50 (forward, loss, backward, Adam, dropout)
  trace:     ms to classify one image
  inference: images/s classifying batches of 1,000

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/bench-pytorch.py [--threads 2]
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

from reference_pytorch import DeepMNIST


def median_rate(fn, repeats, items):
    """Runs fn repeats times after one warm-up and returns the median of items/second."""
    fn()
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        rates.append(items / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument("--steps", type=int, default=20, help="training steps per measurement")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    net = DeepMNIST()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    batch = 50
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def train():
        net.train()
        for _ in range(args.steps):
            opt.zero_grad()
            F.cross_entropy(net(x), y).backward()
            opt.step()

    one = torch.rand(1, 1, 28, 28)
    many = torch.rand(1000, 1, 28, 28)

    def trace():
        with torch.no_grad():
            for _ in range(100):
                net(one)

    def infer():
        with torch.no_grad():
            for _ in range(10):
                net(many)

    train_rate = median_rate(train, 5, args.steps * batch)
    net.eval()
    trace_rate = median_rate(trace, 5, 100)
    infer_rate = median_rate(infer, 5, 10000)
    print(f"pytorch {torch.__version__}, {args.threads} threads")
    print(f"training:  {train_rate:.0f} images/s (batch 50, Adam, dropout)")
    print(f"trace:     {1000 / trace_rate:.3f} ms per image")
    print(f"inference: {infer_rate:.0f} images/s (batches of 1,000)")


if __name__ == "__main__":
    main()
