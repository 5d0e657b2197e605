"""annotator: build NER, quote and stance training data from news text."""

__version__ = "0.1.0"
