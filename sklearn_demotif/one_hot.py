"""``OneHotDNA``: the scikit-learn transformer from DNA strings to one-hot arrays."""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .encoding import ALPHABET, one_hot_decode, one_hot_encode

__all__ = ["OneHotDNA"]


class OneHotDNA(TransformerMixin, BaseEstimator):
    """Encode DNA strings as one-hot arrays of shape ``(n_sequences, 4, length)``.

    Channels are A, C, G, T (channels-first, as PyTorch convolutions expect).
    Lowercase letters are accepted; ``N`` and the other IUPAC ambiguity codes
    encode as their base frequencies (``N`` is 0.25 in every channel).  The
    transformer is stateless: ``transform`` works without ``fit``, which only
    checks its input and records the length.

    Parameters
    ----------
    length : int or None, default=None
        ``None`` requires all sequences to share one length.  With an int,
        longer sequences are centre-cropped and shorter ones padded with ``N`` on
        both sides.

    Attributes
    ----------
    length_ : int
        The length of the encoded sequences.

    See Also
    --------
    DeepMotifClassifier : Classifies the arrays this transformer produces.
    sklearn_demotif.encoding.one_hot_encode : The function behind ``transform``.

    Examples
    --------
    >>> from sklearn_demotif import OneHotDNA
    >>> encoder = OneHotDNA()
    >>> X = encoder.fit_transform(["ACGT", "acgn"])
    >>> X.shape
    (2, 4, 4)
    >>> encoder.inverse_transform(X).tolist()
    ['ACGT', 'ACGN']
    """

    _parameter_constraints = {"length": [None, Interval(Integral, 1, None, closed="left")]}

    def __init__(self, *, length=None):
        self.length = length

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the sequences and record their length.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,) or (n_sequences, 1)
            DNA sequences.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        self.length_ = one_hot_encode(X, length=self.length).shape[2]
        return self

    def transform(self, X):
        """Encode the sequences.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,) or (n_sequences, 1)
            DNA sequences.

        Returns
        -------
        X_encoded : ndarray of shape (n_sequences, 4, length), dtype float32
            The one-hot encoding.
        """
        return one_hot_encode(X, length=self.length)

    def fit_transform(self, X, y=None):
        """Fit to the sequences and encode them in one pass.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,) or (n_sequences, 1)
            DNA sequences.
        y : None
            Ignored.

        Returns
        -------
        X_encoded : ndarray of shape (n_sequences, 4, length), dtype float32
            The one-hot encoding.
        """
        self._validate_params()
        encoded = one_hot_encode(X, length=self.length)
        self.length_ = encoded.shape[2]
        return encoded

    def _restore_fitted(self, length_):
        """Make this transformer the fitted one that encoded sequences of ``length_``.

        The one entry point of :func:`~sklearn_demotif.persistence.load_model`
        for a saved ``OneHotDNA`` step: the parameters are validated against
        ``_parameter_constraints`` (raising ``InvalidParameterError``) and the
        fitted attribute is set.

        Parameters
        ----------
        length_ : int
            The length of the encoded sequences, as :meth:`fit` recorded it.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        self._validate_params()
        self.length_ = int(length_)
        return self

    def inverse_transform(self, X):
        """Decode one-hot arrays back into DNA strings (uppercase, IUPAC codes kept).

        Parameters
        ----------
        X : array-like of shape (n_sequences, 4, length)
            One-hot DNA.

        Returns
        -------
        sequences : ndarray of str of shape (n_sequences,)
            The decoded sequences.
        """
        return one_hot_decode(X)

    def get_feature_names_out(self, input_features=None):
        """Names of the encoded features, ``"A0", "C0", ...``, channel-major.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str of shape (4 * length,)
            One name per channel and position, in the order of ``X.reshape(n, -1)``.
        """
        check_is_fitted(self, "length_")
        return np.array(
            [f"{base}{position}" for base in ALPHABET for position in range(self.length_)],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = True
        tags.requires_fit = False
        return tags

