"""Checksums and commit-pinned sources of the DeepBind ENCODE files :func:`fetch_experiment` downloads.

Every file is a byte-for-byte copy of a file in a public repository, pinned to one
commit so that its bytes never change; the sha256 and size below were computed
from those copies.  Rows are ``(file name, source, sha256, size in bytes)``;
``SOURCES`` maps a source to the folder URL that the (percent-encoded) file name
is appended to.
"""

#: Folder URL of each source, pinned to a commit.
SOURCES = {
    # jisraeli/DeepBind (BSD-3-Clause), DeepBind's own ENCODE files.
    "deepbind": (
        "https://raw.githubusercontent.com/jisraeli/DeepBind/"
        "a9bbf5ffcdf62f2832b0bbdede43a36f4dc19426/data/encode/"
    ),
    # lab-rasool/TFBS (MIT): more ENCODE experiments in DeepBind's format.
    "tfbs-train": "https://raw.githubusercontent.com/lab-rasool/TFBS/67a2ecf/data/train/",
    "tfbs-test": "https://raw.githubusercontent.com/lab-rasool/TFBS/67a2ecf/data/test/",
    "tfbs-ood": "https://raw.githubusercontent.com/lab-rasool/TFBS/67a2ecf/data/ood/",
}

#: ``(file name, source, sha256, size in bytes)`` of every fetchable file.
FILES = (
    ("ARID3A_HepG2_ARID3A_(NB100-279)_Stanford_AC.seq.gz", "tfbs-train", "8a45e540a8aabd5dc1990bbf5e1e7f49bb1e3822082e603cda2fd0e0036a7233", 575801),
    ("ARID3A_HepG2_ARID3A_(NB100-279)_Stanford_B.seq.gz", "tfbs-test", "1c4c7f829cbb82426e789fe5133975d3f9bca9a3af4a3af95f1ac899d8d67df9", 34546),
    ("ARID3A_K562_ARID3A_(sc-8821)_Stanford_AC.seq.gz", "deepbind", "928d75f354dbadbb4f083cb298e85df6fa11f001afacd9d577c0d9c9ce831712", 287699),
    ("ARID3A_K562_ARID3A_(sc-8821)_Stanford_B.seq.gz", "deepbind", "aad6ee8ac42ea66791897a447ad01252f26955d2dd8b5a7865f2c233db807c09", 34814),
    ("BCLAF1_K562_BCLAF1_(SC-101388)_HudsonAlpha_B.seq.gz", "tfbs-ood", "d20cb17103810d46e2810f0df58edae0117e23304516726506b1e366beecef5e", 34805),
    ("CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha_AC.seq.gz", "deepbind", "823589ed0c049dea20ed2a20b196d72ac63d76a04693bb2f43313e4a0c55c3da", 364744),
    ("CTCFL_K562_CTCFL_(SC-98982)_HudsonAlpha_B.seq.gz", "deepbind", "707696ec7ca64695e6435859c558940bd86ba8dea836a31cf807386eba383b97", 33265),
    ("CTCF_NH-A_CTCF_Broad_B.seq.gz", "tfbs-ood", "983114a084d23102f3caab4420119cc477f5a7ee744bfddccde0843f2e8ac53e", 34587),
    ("ELK1_GM12878_ELK1_(1277-1)_Stanford_AC.seq.gz", "deepbind", "3e44bb851d81e1ea9a9f0c3a600574e4151bff8d510c8fc5d21e87b18715075f", 170519),
    ("ELK1_GM12878_ELK1_(1277-1)_Stanford_B.seq.gz", "deepbind", "5eec8cc3d433dfcadb5cf1d23919e5ee6896e6479af52f756adcbd461fe6b805", 34350),
    ("FOXA1_HepG2_FOXA1_(SC-101058)_HudsonAlpha_AC.seq.gz", "deepbind", "d7444da917c588312ef6231785b8ef508cdbeb6f2550798fb0f101876b47b5bd", 1420038),
    ("FOXA1_HepG2_FOXA1_(SC-101058)_HudsonAlpha_B.seq.gz", "deepbind", "4634d4a688627cb2009e8598e7ad67687d37d14205daaedb8e96f6705d9e530c", 34373),
    ("FOXM1_GM12878_FOXM1_(SC-502)_HudsonAlpha_AC.seq.gz", "tfbs-train", "60c9ca8c5a7ffc64d97b46f54677d055d054f32fbeb0a3ffbb4986910f27f784", 754556),
    ("FOXM1_GM12878_FOXM1_(SC-502)_HudsonAlpha_B.seq.gz", "tfbs-test", "cb23f0b99348c3ce3bab2c4b6f75d7f903cee197dd2023fbc26ea82830782291", 34662),
    ("GABPA_GM12878_GABP_HudsonAlpha_AC.seq.gz", "deepbind", "627505bae74920366a5b9b5125e7972b073f611f0bdb258c9d32b9c33bb7529b", 199708),
    ("GABPA_GM12878_GABP_HudsonAlpha_B.seq.gz", "deepbind", "b3f4da33cd690a3d72bb0033e3d4b5e9eec25405669fd521938b3c7e50ffbe15", 33969),
    ("GATA3_SH-SY5Y_GATA3_(SC-269)_USC_AC.seq.gz", "tfbs-train", "a5d27aaedd5e52a6c226ae6690b0c00d4147ffe175b97196b04743007a2ce9c3", 511917),
    ("GATA3_SH-SY5Y_GATA3_(SC-269)_USC_B.seq.gz", "tfbs-test", "8cc03f18b5a3b1db00dfa6c98d5212fb1612c33dfbe90de43e3aa3699a19c76b", 34339),
    ("MYC_H1-hESC_c-Myc_Stanford_AC.seq.gz", "deepbind", "a12d118206d0f4f0d41712313ebc95606fffaee5249709c5f48c39dfdd980cde", 135908),
    ("MYC_H1-hESC_c-Myc_Stanford_B.seq.gz", "deepbind", "5d5d44a679c2ca2b8efa2e6d183172c1d1d4519b0325c4f56c9ede0ab2bc453d", 34255),
    ("POLR2A_A549_Pol2_UT-A_B.seq.gz", "tfbs-ood", "e95c54750ea51a44803144822705870a7085e63b436ed509a16700aadc78a2a8", 33869),
    ("RBBP5_H1-hESC_RBBP5_(A300-109A)_Broad_B.seq.gz", "tfbs-ood", "11a0d84537fdf9cdab2f7ad4e7e44ad684895e2b34fa5b96b577610aaf72ad63", 34374),
    ("REST_GM12878_NRSF_HudsonAlpha_AC.seq.gz", "deepbind", "b5063130dc151f7529f3f02fe1d89ff7d9175a559f6151a72a7927ee217e1ca9", 212992),
    ("REST_GM12878_NRSF_HudsonAlpha_B.seq.gz", "deepbind", "63aba192660e35154421b66f8129aeb449027bb1af25ff7903069fee861d679d", 33837),
    ("SAP30_K562_SAP30_(39731)_Broad_B.seq.gz", "tfbs-ood", "f9fcaa48946ffdcb97e1dc4c199750be67660838e954e5ced8bb3f6f9da026cc", 34278),
    ("SP1_GM12878_SP1_HudsonAlpha_AC.seq.gz", "deepbind", "131c5c30e277ea7e283b374fd78c362ab6fd7f9b1222322df33cf8f048254cbe", 594152),
    ("SP1_GM12878_SP1_HudsonAlpha_B.seq.gz", "deepbind", "8ef012ed4a8818ebcb0c46f126b0523825170e6d6f2af9f876b6beb4a7f36594", 34553),
    ("STAT3_HeLa-S3_STAT3_Stanford_B.seq.gz", "tfbs-ood", "58241d49f7100735a18e1b3a931e8ee951cf56dfe957f6ec589bb7eb6dc91992", 34439),
    ("USF1_HepG2_USF-1_HudsonAlpha_AC.seq.gz", "deepbind", "eb8fb406abe10b62075670c6a04b68757e46985fdb8efb386586e6974ef020a0", 711171),
    ("USF1_HepG2_USF-1_HudsonAlpha_B.seq.gz", "deepbind", "999b5f5d920c73f1e6229f2a6704d8fbf7e8c73e2359686402cbecfe93d39696", 34091),
    ("ZBTB7A_HepG2_ZBTB7A_(SC-34508)_HudsonAlpha_AC.seq.gz", "deepbind", "b60c7d2de6a45864c11c17bbe2d1820fb8a004f973f9fd6a4d5287d012500d43", 286181),
    ("ZBTB7A_HepG2_ZBTB7A_(SC-34508)_HudsonAlpha_B.seq.gz", "deepbind", "998ab846950b28f61a20b28dc6fe86c9d143c847965f4edced9a953b7e7fe9a8", 33606),
)
