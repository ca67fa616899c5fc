-- Reserved: another branch's migration takes this number; replaced when the branches merge.
SELECT 1;
