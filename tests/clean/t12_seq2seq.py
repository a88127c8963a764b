import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.dropout = nn.Dropout(0.1)

    def forward(self, tokens):
        embedded = self.dropout(self.embedding(tokens))
        output, hidden = self.gru(embedded)
        return output, hidden


class Decoder(nn.Module):
    def __init__(self, hidden, vocab):
        super().__init__()
        self.out = nn.Linear(hidden, vocab)

    def forward(self, h):
        return F.log_softmax(self.out(F.relu(h)), dim=-1)


def loss_of(decoder, h, target):
    return nn.NLLLoss()(decoder(h).view(-1, 100), target.view(-1))
